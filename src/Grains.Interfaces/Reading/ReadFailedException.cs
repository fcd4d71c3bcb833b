using Cluster.Formats.TfRecords;

namespace Cluster.Grains.Reading;

/// <summary>
/// An error of a reader grain's pipeline on the wire: the pipeline's own exception types live in the Orleans-free
/// formats library and have no codecs, so the grain sends their kind, message, file and offset, and
/// <see cref="ClusterReader"/> raises the same kind again (<see cref="ToLocal"/>), as the in-process pipeline would.
/// </summary>
[GenerateSerializer]
public sealed class ReadFailedException : Exception
{
    public ReadFailedException()
    {
    }

    public ReadFailedException(string message)
        : base(message)
    {
    }

    public ReadFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    [Id(0)] public ReadFailure Kind { get; init; }

    /// <summary>The file of a bad record (<see cref="ReadFailure.Record"/>).</summary>
    [Id(1)] public string? FilePath { get; init; }

    [Id(2)] public long Offset { get; init; }

    /// <summary>The wire form of <paramref name="error"/>.</summary>
    public static ReadFailedException From(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var kind = error switch
        {
            TfRecordException => ReadFailure.Record,
            InvalidDataException => ReadFailure.InvalidData,
            DirectoryNotFoundException => ReadFailure.DirectoryNotFound,
            FileNotFoundException => ReadFailure.FileNotFound,
            IOException => ReadFailure.Io,
            ArgumentException => ReadFailure.Argument,
            _ => ReadFailure.Other,
        };
        var message = kind == ReadFailure.Other ? $"{error.GetType().Name}: {error.Message}" : error.Message;
        return error is TfRecordException record
            ? new ReadFailedException(message) { Kind = kind, FilePath = record.FilePath, Offset = record.Offset }
            : new ReadFailedException(message) { Kind = kind };
    }

    /// <summary>The exception the pipeline raised, as near as this side can make it.</summary>
    public Exception ToLocal() => Kind switch
    {
        ReadFailure.Record => new ReportedRecordException(Message, FilePath ?? "", Offset),
        ReadFailure.InvalidData => new InvalidDataException(Message, this),
        ReadFailure.DirectoryNotFound => new DirectoryNotFoundException(Message, this),
        ReadFailure.FileNotFound => new FileNotFoundException(Message, this),
        ReadFailure.Io => new IOException(Message, this),
        ReadFailure.Argument => new ArgumentException(Message, this),
        _ => this,
    };
}
