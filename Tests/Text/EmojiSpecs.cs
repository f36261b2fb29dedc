using ActorMessenger.Actors.Text;
using Xunit;

namespace ActorMessenger.Tests.Text;

public sealed class EmojiSpecs
{
    public static TheoryData<string, string> OneEmoji() => new()
    {
        { "👍", "a pictograph" },
        { "❤", "a text-default emoji without a selector" },
        { "❤️", "with the emoji variation selector" },
        { "👍🏽", "with a skin-tone modifier" },
        { "👩‍💻", "a ZWJ sequence" },
        { "👩🏽‍💻", "a ZWJ sequence with a skin tone" },
        { "🏳️‍🌈", "a ZWJ sequence with a variation selector" },
        { "❤️‍🔥", "a ZWJ sequence starting with a text-default emoji" },
        { "👨‍👩‍👧‍👦", "a family of four" },
        { "🧑🏻‍🤝‍🧑🏼", "people holding hands, two skin tones" },
        { "👩🏻‍❤️‍💋‍👨🏼", "a kiss with two skin tones" },
        { "🇷🇺", "a flag" },
        { "🏴󠁧󠁢󠁥󠁮󠁧󠁿", "a subdivision flag (tag sequence)" },
        { "1️⃣", "a keycap" },
        { "#⃣", "a keycap without the selector" },
        { "🫩", "an emoji newer than the table (Unicode 16)" },
        { "©️", "a symbol that is an emoji" },
    };

    public static TheoryData<string?, string> NotOneEmoji() => new()
    {
        { null, "nothing" },
        { "", "empty" },
        { "👍👍", "two emoji" },
        { "🇷🇺🇺🇸", "two flags" },
        { "да", "letters" },
        { "é", "a precomposed letter" },
        { "e\u0301", "a letter with a combining accent" },
        { "a", "an ASCII letter" },
        { "1", "a digit" },
        { "#", "a number sign" },
        { " ", "a space" },
        { "👍 ", "an emoji and a space" },
        { "\u200D", "a lone joiner" },
        { "\uFE0F", "a lone variation selector" },
        { "🇷", "a lone regional indicator" },
        { "🏽", "a lone skin tone" },
        { "👍\u200D", "a dangling joiner" },
        { "!", "punctuation" },
        { "→", "an arrow that is not an emoji" },
        { "€", "a currency sign" },
        { "½", "a fraction" },
        { "\uD83D", "a lone surrogate" },
        { "😀\u0301", "an emoji with a combining accent" },
    };

    [Theory]
    [MemberData(nameof(OneEmoji))]
    public void One_emoji_is_a_reaction(string emoji, string what) => Assert.True(Emoji.IsSingleEmoji(emoji), what);

    [Theory]
    [MemberData(nameof(NotOneEmoji))]
    public void Anything_else_is_not(string? text, string what) => Assert.False(Emoji.IsSingleEmoji(text), what);
}
