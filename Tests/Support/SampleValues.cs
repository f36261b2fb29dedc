using System.Collections;
using System.Reflection;
using Akka.Actor;

namespace ActorMessenger.Tests.Support;

/// <summary>
/// Builds a sample of any message type by reflection, every field set (none left at its default),
/// so a type added to the protocol is round-tripped without anyone writing its sample by hand.
/// </summary>
public sealed class SampleValues(IActorRef actor)
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 10, 30, 0, TimeSpan.FromHours(3));
    private int _next;

    public object Of(Type type) => Make(type, depth: 0) ?? throw new InvalidOperationException($"No sample for {type.Name}");

    private object? Make(Type type, int depth)
    {
        if (depth > 8)
        {
            throw new InvalidOperationException($"{type.Name} nests too deep for a sample");
        }

        var n = ++_next;
        if (Nullable.GetUnderlyingType(type) is { } inner)
        {
            return Make(inner, depth + 1);
        }

        if (type == typeof(string))
        {
            return $"Привет \"{n}\" 👋";
        }

        if (type == typeof(int))
        {
            return n;
        }

        if (type == typeof(long))
        {
            return 10_000_000_000L + n;
        }

        if (type == typeof(double))
        {
            return n + 0.25;
        }

        if (type == typeof(bool))
        {
            return true;
        }

        if (type == typeof(DateTimeOffset))
        {
            return At.AddMinutes(n);
        }

        if (type == typeof(TimeSpan))
        {
            return TimeSpan.FromSeconds(90 + n);
        }

        if (type.IsEnum)
        {
            var values = Enum.GetValues(type);
            return values.GetValue(values.Length - 1);
        }

        if (typeof(IActorRef).IsAssignableFrom(type))
        {
            return actor;
        }

        if (type == typeof(object))
        {
            // The one object-typed field is a client event's payload.
            return Make(typeof(ActorMessenger.Actors.Protocol.TypingEvent), depth + 1);
        }

        if (type.IsArray || IsGeneric(type, typeof(IReadOnlyList<>), typeof(IEnumerable<>), typeof(List<>), typeof(IList<>), typeof(ICollection<>), typeof(IReadOnlyCollection<>)))
        {
            var element = type.IsArray ? type.GetElementType()! : type.GetGenericArguments()[0];
            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
            list.Add(Make(element, depth + 1));
            return list;
        }

        if (IsGeneric(type, typeof(IReadOnlySet<>), typeof(ISet<>), typeof(HashSet<>)))
        {
            var element = type.GetGenericArguments()[0];
            var set = Activator.CreateInstance(typeof(HashSet<>).MakeGenericType(element))!;
            set.GetType().GetMethod("Add")!.Invoke(set, [Make(element, depth + 1)]);
            return set;
        }

        if (IsGeneric(type, typeof(IReadOnlyDictionary<,>), typeof(IDictionary<,>), typeof(Dictionary<,>)))
        {
            var args = type.GetGenericArguments();
            var map = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(args))!;
            map.Add(Make(args[0], depth + 1)!, Make(args[1], depth + 1));
            return map;
        }

        if (type.GetField("Instance", BindingFlags.Public | BindingFlags.Static) is { } single && single.FieldType == type)
        {
            return single.GetValue(null);
        }

        var constructor = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance)
            .OrderByDescending(c => c.GetParameters().Length)
            .FirstOrDefault()
            ?? throw new InvalidOperationException($"{type.Name} has no public constructor to build a sample with");
        return constructor.Invoke(constructor.GetParameters().Select(p => Make(p.ParameterType, depth + 1)).ToArray());
    }

    private static bool IsGeneric(Type type, params Type[] definitions) =>
        type.IsGenericType && definitions.Contains(type.GetGenericTypeDefinition());
}
