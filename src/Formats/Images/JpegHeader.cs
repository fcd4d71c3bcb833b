namespace Cluster.Formats.Images;

/// <summary>
/// A strict read of the header of a plain JPEG, with no allocation and no ImageSharp: SOI, then only JFIF (APP0),
/// comment, quantization and Huffman tables, restart interval and one baseline, extended or progressive 8-bit frame of 1
/// or 3 components, up to the first scan. Such an image has no EXIF (orientation 1) and is not CMYK. Anything else
/// (EXIF, ICC, Adobe or other APPn segments, fill bytes, other frame types, a table or length out of range, a header cut
/// short) gives null, and <see cref="ImageProbe"/> asks ImageSharp instead: this only takes the common case off it.
/// </summary>
internal static class JpegHeader
{
    private const byte Soi = 0xD8, Sof0 = 0xC0, Sof1 = 0xC1, Sof2 = 0xC2, Dht = 0xC4, Sos = 0xDA, Dqt = 0xDB, Dri = 0xDD, App0 = 0xE0, Com = 0xFE;

    /// <summary>The probe of a plain JPEG, or null when the header is anything but the plain case.</summary>
    public static ImageProbe? TryRead(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 4 || bytes[0] != 0xFF || bytes[1] != Soi)
        {
            return null;
        }

        int width = 0, height = 0, components = 0;
        for (var pos = 2; pos + 4 <= bytes.Length;)
        {
            if (bytes[pos] != 0xFF)
            {
                return null;
            }

            var marker = bytes[pos + 1];
            var length = (bytes[pos + 2] << 8) | bytes[pos + 3];
            if (length < 2 || pos + 2 + length > bytes.Length)
            {
                return null;
            }

            var segment = bytes.Slice(pos + 4, length - 2);
            var ok = marker switch
            {
                Sof0 or Sof1 or Sof2 => components == 0 && Frame(segment, out width, out height, out components),
                Dqt => QuantizationTables(segment),
                Dht => HuffmanTables(segment),
                Dri => segment.Length == 2,
                App0 or Com => true,
                Sos => components > 0 && Scan(segment, components),
                _ => false,
            };
            if (!ok)
            {
                return null;
            }

            if (marker == Sos)
            {
                return new ImageProbe("JPEG", width, height, Orientation: 1, IsCmyk: false);
            }

            pos += 2 + length;
        }

        return null;
    }

    /// <summary>SOFn: 8-bit precision, both sides non-zero, 1 or 3 components with sampling factors 1-2 and table 0-3.</summary>
    private static bool Frame(ReadOnlySpan<byte> s, out int width, out int height, out int components)
    {
        width = height = components = 0;
        if (s.Length < 6 || s[0] != 8)
        {
            return false;
        }

        height = (s[1] << 8) | s[2];
        width = (s[3] << 8) | s[4];
        var count = s[5];
        if (width == 0 || height == 0 || count is not (1 or 3) || s.Length != 6 + (3 * count))
        {
            return false;
        }

        for (var i = 0; i < count; i++)
        {
            var sampling = s[6 + (3 * i) + 1];
            if ((sampling >> 4) is not (1 or 2) || (sampling & 0xF) is not (1 or 2) || s[6 + (3 * i) + 2] > 3)
            {
                return false;
            }
        }

        components = count;
        return true;
    }

    /// <summary>DQT: whole 8- or 16-bit tables with ids 0-3, filling the segment exactly.</summary>
    private static bool QuantizationTables(ReadOnlySpan<byte> s)
    {
        if (s.IsEmpty)
        {
            return false;
        }

        while (!s.IsEmpty)
        {
            var precision = s[0] >> 4;
            var size = 1 + (64 * (precision + 1));
            if (precision > 1 || (s[0] & 0xF) > 3 || s.Length < size)
            {
                return false;
            }

            s = s[size..];
        }

        return true;
    }

    /// <summary>DHT: whole tables of class 0-1 and id 0-3 with at most 256 codes, filling the segment exactly.</summary>
    private static bool HuffmanTables(ReadOnlySpan<byte> s)
    {
        if (s.IsEmpty)
        {
            return false;
        }

        while (!s.IsEmpty)
        {
            if (s.Length < 17 || (s[0] >> 4) > 1 || (s[0] & 0xF) > 3)
            {
                return false;
            }

            var codes = 0;
            for (var i = 1; i <= 16; i++)
            {
                codes += s[i];
            }

            if (codes > 256 || s.Length < 17 + codes)
            {
                return false;
            }

            s = s[(17 + codes)..];
        }

        return true;
    }

    /// <summary>SOS: 1 to the frame's number of components, and a segment of exactly that size.</summary>
    private static bool Scan(ReadOnlySpan<byte> s, int frameComponents)
        => s.Length >= 1 && s[0] >= 1 && s[0] <= frameComponents && s.Length == 1 + (2 * s[0]) + 3;
}
