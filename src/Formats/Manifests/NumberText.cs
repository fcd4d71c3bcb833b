using System.Globalization;

namespace Cluster.Formats.Manifests;

/// <summary>Culture-invariant number parsing shared by the text readers.</summary>
internal static class NumberText
{
    public static bool TryDouble(ReadOnlySpan<char> text, out double value)
        => double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>Parses a whole pixel count; "640.0" is accepted, "640.5" is not.</summary>
    public static bool TryPixels(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        if (!TryDouble(text, out var d) || !double.IsFinite(d) || d != Math.Floor(d) || d < 0 || d > int.MaxValue)
        {
            return false;
        }

        value = (int)d;
        return true;
    }
}
