using System.Text;

namespace Wasmc.Wit.Wave;

/// <summary>
/// A component-model value as WAVE (WebAssembly Value Encoding) describes it. Values are
/// immutable and compare structurally (<see cref="Equals(object?)"/> treats every NaN as equal and
/// <c>0 == -0</c>; use <see cref="WaveEquality"/> for float tolerance).
/// Resources, futures, streams and error contexts have no WAVE form (wasm-wave cannot encode handles
/// either), so no value class exists for them; parsing against such a type fails.
/// </summary>
public abstract class WaveValue : IEquatable<WaveValue>
{
    private protected WaveValue()
    {
    }

    public static WaveValue Bool(bool value) => value ? WaveBool.True : WaveBool.False;

    public static WaveValue S8(sbyte value) => new WaveInteger(PrimitiveType.S8, value);

    public static WaveValue U8(byte value) => new WaveInteger(PrimitiveType.U8, value);

    public static WaveValue S16(short value) => new WaveInteger(PrimitiveType.S16, value);

    public static WaveValue U16(ushort value) => new WaveInteger(PrimitiveType.U16, value);

    public static WaveValue S32(int value) => new WaveInteger(PrimitiveType.S32, value);

    public static WaveValue U32(uint value) => new WaveInteger(PrimitiveType.U32, value);

    public static WaveValue S64(long value) => new WaveInteger(PrimitiveType.S64, value);

    public static WaveValue U64(ulong value) => new WaveInteger(PrimitiveType.U64, value);

    public static WaveValue F32(float value) => new WaveFloat(PrimitiveType.F32, value);

    public static WaveValue F64(double value) => new WaveFloat(PrimitiveType.F64, value);

    public static WaveValue Char(Rune value) => new WaveChar(value);

    public static WaveValue String(string value) => new WaveString(value);

    public bool Equals(WaveValue? other) => other is not null && WaveEquality.AreEqual(this, other);

    public override bool Equals(object? obj) => obj is WaveValue other && Equals(other);

    public override int GetHashCode() => GetType().GetHashCode();

    /// <summary>The canonical WAVE text, as <see cref="WavePrinter.Print"/> writes it.</summary>
    public override string ToString() => WavePrinter.Print(this);
}

public sealed class WaveBool : WaveValue
{
    private WaveBool(bool value) => Value = value;

    public static WaveBool True { get; } = new(true);

    public static WaveBool False { get; } = new(false);

    public bool Value { get; }
}

/// <summary>An integer of one of the types <c>s8</c> .. <c>u64</c>; <see cref="Value"/> holds any of them exactly.</summary>
public sealed class WaveInteger : WaveValue
{
    public WaveInteger(PrimitiveType type, Int128 value)
    {
        var (min, max) = Range(type);
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"out of range for {type}");
        }

        Type = type;
        Value = value;
    }

    public PrimitiveType Type { get; }

    public Int128 Value { get; }

    internal static (Int128 Min, Int128 Max) Range(PrimitiveType type) => type.Kind switch
    {
        PrimitiveKind.S8 => (sbyte.MinValue, sbyte.MaxValue),
        PrimitiveKind.U8 => (byte.MinValue, byte.MaxValue),
        PrimitiveKind.S16 => (short.MinValue, short.MaxValue),
        PrimitiveKind.U16 => (ushort.MinValue, ushort.MaxValue),
        PrimitiveKind.S32 => (int.MinValue, int.MaxValue),
        PrimitiveKind.U32 => (uint.MinValue, uint.MaxValue),
        PrimitiveKind.S64 => (long.MinValue, long.MaxValue),
        PrimitiveKind.U64 => (ulong.MinValue, ulong.MaxValue),
        _ => throw new ArgumentException($"{type} is not an integer type", nameof(type)),
    };
}

/// <summary>An <c>f32</c> or <c>f64</c>. An f32 is kept as the double it converts to exactly.</summary>
public sealed class WaveFloat : WaveValue
{
    public WaveFloat(PrimitiveType type, double value)
    {
        if (type.Kind is not (PrimitiveKind.F32 or PrimitiveKind.F64))
        {
            throw new ArgumentException($"{type} is not a float type", nameof(type));
        }

        Type = type;
        Value = type.Kind == PrimitiveKind.F32 ? (float)value : value;
    }

    public PrimitiveType Type { get; }

    public double Value { get; }

    public bool IsF32 => Type.Kind == PrimitiveKind.F32;
}

public sealed class WaveChar : WaveValue
{
    public WaveChar(Rune value) => Value = value;

    public Rune Value { get; }
}

public sealed class WaveString : WaveValue
{
    public WaveString(string value) => Value = value;

    public string Value { get; }
}

public sealed class WaveList : WaveValue
{
    public WaveList(IEnumerable<WaveValue> elements) => Elements = [.. elements];

    public IReadOnlyList<WaveValue> Elements { get; }
}

public sealed class WaveTuple : WaveValue
{
    public WaveTuple(IEnumerable<WaveValue> elements) => Elements = [.. elements];

    public IReadOnlyList<WaveValue> Elements { get; }
}

/// <summary>A record; <see cref="Fields"/> are in the type's declaration order and all present.</summary>
public sealed class WaveRecord : WaveValue
{
    public WaveRecord(IEnumerable<KeyValuePair<string, WaveValue>> fields) => Fields = [.. fields];

    public IReadOnlyList<KeyValuePair<string, WaveValue>> Fields { get; }

    public WaveValue this[string name] =>
        Fields.FirstOrDefault(f => f.Key == name).Value ?? throw new KeyNotFoundException($"no field {name}");
}

public sealed class WaveVariant : WaveValue
{
    public WaveVariant(string caseName, WaveValue? payload = null)
    {
        Case = caseName;
        Payload = payload;
    }

    public string Case { get; }

    public WaveValue? Payload { get; }
}

public sealed class WaveEnum : WaveValue
{
    public WaveEnum(string caseName) => Case = caseName;

    public string Case { get; }
}

public sealed class WaveOption : WaveValue
{
    public WaveOption(WaveValue? value) => Value = value;

    public static WaveOption None { get; } = new(null);

    /// <summary>The payload of <c>some(..)</c>; null for <c>none</c>.</summary>
    public WaveValue? Value { get; }

    public bool IsSome => Value is not null;
}

public sealed class WaveResult : WaveValue
{
    private WaveResult(bool isOk, WaveValue? payload)
    {
        IsOk = isOk;
        Payload = payload;
    }

    public static WaveResult Ok(WaveValue? payload = null) => new(true, payload);

    public static WaveResult Err(WaveValue? payload = null) => new(false, payload);

    public bool IsOk { get; }

    public WaveValue? Payload { get; }
}

/// <summary>A flags value: the names of the flags that are set, in the type's declaration order.</summary>
public sealed class WaveFlags : WaveValue
{
    public WaveFlags(IEnumerable<string> flags) => Flags = [.. flags];

    public IReadOnlyList<string> Flags { get; }
}

/// <summary>How two floats are allowed to differ in <see cref="WaveEquality.AreEqual"/>.</summary>
/// <param name="Absolute">Largest allowed absolute difference.</param>
/// <param name="Relative">Largest allowed difference relative to the larger magnitude.</param>
public readonly record struct FloatTolerance(double Absolute, double Relative)
{
    public static FloatTolerance Exact { get; } = new(0, 0);
}

/// <summary>Structural comparison of WAVE values, as a test runner compares expected and actual results.</summary>
public static class WaveEquality
{
    /// <summary>
    /// True when both values have the same shape and contents. Floats: NaN equals NaN, <c>0</c> equals
    /// <c>-0</c>, infinities equal only themselves, and finite values may differ by <paramref name="tolerance"/>.
    /// Integers of different WIT types are different values.
    /// </summary>
    public static bool AreEqual(WaveValue expected, WaveValue actual, FloatTolerance tolerance = default)
    {
        switch (expected, actual)
        {
            case (WaveBool a, WaveBool b):
                return a.Value == b.Value;
            case (WaveInteger a, WaveInteger b):
                return a.Type == b.Type && a.Value == b.Value;
            case (WaveFloat a, WaveFloat b):
                return a.Type == b.Type && FloatsEqual(a.Value, b.Value, tolerance);
            case (WaveChar a, WaveChar b):
                return a.Value == b.Value;
            case (WaveString a, WaveString b):
                return string.Equals(a.Value, b.Value, StringComparison.Ordinal);
            case (WaveList a, WaveList b):
                return AllEqual(a.Elements, b.Elements, tolerance);
            case (WaveTuple a, WaveTuple b):
                return AllEqual(a.Elements, b.Elements, tolerance);
            case (WaveRecord a, WaveRecord b):
                return a.Fields.Count == b.Fields.Count
                    && a.Fields.Zip(b.Fields).All(p => p.First.Key == p.Second.Key
                        && AreEqual(p.First.Value, p.Second.Value, tolerance));
            case (WaveVariant a, WaveVariant b):
                return a.Case == b.Case && PayloadsEqual(a.Payload, b.Payload, tolerance);
            case (WaveEnum a, WaveEnum b):
                return a.Case == b.Case;
            case (WaveOption a, WaveOption b):
                return PayloadsEqual(a.Value, b.Value, tolerance);
            case (WaveResult a, WaveResult b):
                return a.IsOk == b.IsOk && PayloadsEqual(a.Payload, b.Payload, tolerance);
            case (WaveFlags a, WaveFlags b):
                return a.Flags.Order(StringComparer.Ordinal).SequenceEqual(b.Flags.Order(StringComparer.Ordinal));
            default:
                return false;
        }
    }

    private static bool AllEqual(IReadOnlyList<WaveValue> a, IReadOnlyList<WaveValue> b, FloatTolerance tolerance) =>
        a.Count == b.Count && a.Zip(b).All(p => AreEqual(p.First, p.Second, tolerance));

    private static bool PayloadsEqual(WaveValue? a, WaveValue? b, FloatTolerance tolerance) =>
        (a, b) switch
        {
            (null, null) => true,
            (not null, not null) => AreEqual(a, b, tolerance),
            _ => false,
        };

    private static bool FloatsEqual(double a, double b, FloatTolerance tolerance)
    {
        if (double.IsNaN(a) || double.IsNaN(b))
        {
            return double.IsNaN(a) && double.IsNaN(b);
        }

        if (a == b)
        {
            return true;
        }

        if (double.IsInfinity(a) || double.IsInfinity(b))
        {
            return false;
        }

        var difference = Math.Abs(a - b);
        return difference <= tolerance.Absolute
            || difference <= tolerance.Relative * Math.Max(Math.Abs(a), Math.Abs(b));
    }
}
