using ActorMessenger.Actors.Text;
using Xunit;

namespace ActorMessenger.Tests.Text;

public sealed class VisibleTextSpecs
{
    public static TheoryData<string, string> Blank() => new()
    {
        { "", "empty" },
        { "   \t\r\n", "whitespace" },
        { "\u00A0\u2003\u3000", "no-break, em and ideographic spaces" },
        { "\u200B\u200B", "zero-width spaces" },
        { "\u200C\u200D", "zero-width non-joiner and joiner" },
        { "\u200E\u200F\u061C", "direction marks" },
        { "\u202E\u2066\u2069", "bidi override and isolates" },
        { "\u2060\uFEFF", "word joiner and byte order mark" },
        { "\u00AD", "a soft hyphen" },
        { "\uFE0F", "a lone variation selector" },
        { "\u0301\u034F", "combining marks with no base" },
        { "\u3164\u115F\uFFA0", "Hangul fillers" },
        { "\u2800", "the blank braille pattern" },
        { "\U000E0041", "a tag character" },
        { " \u200B \u2028 \u202A ", "a mix" },
    };

    public static TheoryData<string, string> Visible() => new()
    {
        { "a", "a letter" },
        { "\u200Bпривет\u200B", "words between zero-width spaces" },
        { "👍", "an emoji" },
        { ".", "a full stop" },
        { "\uE000", "a private-use character (some fonts draw it)" },
        { "e\u0301", "a letter with an accent" },
    };

    [Theory]
    [MemberData(nameof(Blank))]
    public void Text_that_shows_nothing_is_blank(string text, string what) => Assert.True(VisibleText.IsBlank(text), what);

    [Theory]
    [MemberData(nameof(Visible))]
    public void Text_that_shows_something_is_not(string text, string what) => Assert.False(VisibleText.IsBlank(text), what);

    [Theory]
    [InlineData("invoice\u202Etxt.exe", "invoicetxt.exe")]
    [InlineData("\u202BОтдел продаж\u202C", "Отдел продаж")]
    [InlineData("\u2066Ann\u2069 \u2067שלום\u2069 \u2068x\u2069", "Ann שלום x")]
    [InlineData("\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069", "")]
    [InlineData("  Иван  ", "Иван")]
    [InlineData("\u200Fשלום\u200E", "\u200Fשלום\u200E")]
    public void Names_lose_bidi_overrides_and_isolates_and_keep_everything_else(string name, string neutral)
    {
        Assert.Equal(neutral, VisibleText.Name(name));
        Assert.DoesNotContain(VisibleText.Name(name), VisibleText.IsBidiControl);
    }

    [Fact]
    public void A_name_of_bidi_controls_and_invisible_characters_only_is_blank()
    {
        Assert.True(VisibleText.IsBlankName("\u202E\u200B"));
        Assert.True(VisibleText.IsBlankName(null));
        Assert.False(VisibleText.IsBlankName("\u202EИмя"));
    }
}
