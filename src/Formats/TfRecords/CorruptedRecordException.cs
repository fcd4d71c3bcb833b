namespace Cluster.Formats.TfRecords;

/// <summary>A record whose checksum does not match its bytes, or whose stream cannot be decoded at all.</summary>
public sealed class CorruptedRecordException : TfRecordException
{
    private CorruptedRecordException(string message, string filePath, long offset, Exception? inner = null)
        : base(message, filePath, offset, inner)
    {
    }

    /// <summary>The masked CRC-32C stored after the 8 length bytes does not match them.</summary>
    public static CorruptedRecordException LengthChecksumMismatch(string filePath, long offset, uint stored, uint actual) =>
        new(Describe(filePath, offset, $"length CRC mismatch (stored 0x{stored:x8}, computed 0x{actual:x8})"), filePath, offset);

    /// <summary>The masked CRC-32C stored after the payload does not match it.</summary>
    public static CorruptedRecordException DataChecksumMismatch(string filePath, long offset, uint stored, uint actual) =>
        new(Describe(filePath, offset, $"data CRC mismatch (stored 0x{stored:x8}, computed 0x{actual:x8})"), filePath, offset);

    /// <summary>A length whose CRC checks out but that is above the reader's <see cref="TfRecordReaderOptions.MaxRecordLength"/>.</summary>
    public static CorruptedRecordException LengthTooLarge(string filePath, long offset, ulong length, long limit) =>
        new(Describe(filePath, offset, $"record length {length} exceeds the largest supported record ({limit} bytes; " +
            "TfRecordReaderOptions.MaxRecordLength raises it)"), filePath, offset);

    /// <summary>The GZIP or ZLIB stream around the records is damaged.</summary>
    public static CorruptedRecordException CompressedStreamDamaged(string filePath, long offset, Exception inner) =>
        new(Describe(filePath, offset, $"the compressed stream is damaged ({inner.Message})"), filePath, offset, inner);

    private static string Describe(string filePath, long offset, string reason) =>
        $"corrupted record at offset {offset} in {filePath}: {reason}";
}
