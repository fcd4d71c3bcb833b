namespace Cluster.Formats.TfRecords;

/// <summary>How the whole TFRecord stream is compressed, as TensorFlow's <c>compression_type</c> names it.</summary>
public enum TfRecordCompression
{
    /// <summary>Plain framed records.</summary>
    None,

    /// <summary>The whole stream is one GZIP stream (RFC 1952), as <c>compression_type="GZIP"</c> writes it.</summary>
    Gzip,

    /// <summary>The whole stream is one ZLIB stream (RFC 1950), as <c>compression_type="ZLIB"</c> writes it.</summary>
    Zlib,
}
