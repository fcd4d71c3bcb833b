namespace Cluster.Formats.TfRecords;

/// <summary>What a <see cref="TfRecordReader"/> does when it meets a corrupt or truncated record.</summary>
public enum CorruptRecordPolicy
{
    /// <summary>Throw <see cref="CorruptedRecordException"/> or <see cref="TruncatedRecordException"/>.</summary>
    Fail,

    /// <summary>Stop at the first bad record as if the file ended there, and count what was lost.</summary>
    Skip,
}
