using System.Buffers;
using System.Text.Unicode;

namespace Cluster.Formats.Manifests;

/// <summary>Finds where a text file stops being valid UTF-8, to name the line and byte offset in an error.</summary>
internal static class Utf8Scan
{
    /// <summary>The 1-based line and the byte offset of the first invalid UTF-8 sequence, or null when the file is valid.</summary>
    public static (long Line, long Offset)? FirstInvalid(string path)
    {
        using var file = File.OpenRead(path);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var chars = ArrayPool<char>.Shared.Rent(64 * 1024);
        try
        {
            long consumed = 0, line = 1;
            var kept = 0;
            while (true)
            {
                var read = file.Read(buffer, kept, 64 * 1024 - kept);
                var final = read == 0;
                var span = buffer.AsSpan(0, kept + read);
                var status = Utf8.ToUtf16(span, chars, out var used, out _, replaceInvalidSequences: false, isFinalBlock: final);
                line += span[..used].Count((byte)'\n');
                if (status == OperationStatus.InvalidData)
                {
                    return (line, consumed + used);
                }

                if (final)
                {
                    return null;
                }

                consumed += used;
                kept = span.Length - used;
                span[used..].CopyTo(buffer);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            ArrayPool<char>.Shared.Return(chars);
        }
    }
}
