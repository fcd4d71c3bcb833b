namespace Cluster.Grains.Reading;

/// <summary>What kind of error a reader grain met, so the caller can raise the same kind (see <see cref="ReadFailedException"/>).</summary>
[GenerateSerializer]
public enum ReadFailure
{
    /// <summary>Anything else (the message names the type).</summary>
    Other = 0,

    /// <summary>A corrupt or truncated record (a <see cref="Cluster.Formats.TfRecords.TfRecordException"/>): data loss.</summary>
    Record = 1,

    InvalidData = 2,
    DirectoryNotFound = 3,
    FileNotFound = 4,
    Io = 5,
    Argument = 6,
}
