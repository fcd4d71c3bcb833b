using Cluster.Formats.Examples;
using Cluster.Formats.Manifests;
using Google.Protobuf;

namespace Cluster.Formats.Records;

/// <summary>What building one image's record gave: the serialized tf.train.Example (null when the image was rejected or
/// every box it had was), its typed form, and the accounting of its box rows.</summary>
public sealed record RecordBuildResult
{
    /// <summary>The tf.train.Example to write, or null. Writers serialize it straight into their buffer
    /// (<see cref="TfRecords.TfRecordWriter.Write(Google.Protobuf.IMessage)"/>) instead of reading <see cref="ExampleBytes"/>.</summary>
    public Examples.Proto.Example? ExampleMessage { get; init; }

    /// <summary><see cref="ExampleMessage"/> serialized: made on first read, then kept.</summary>
    public byte[]? ExampleBytes => ExampleMessage is null ? null : _exampleBytes ??= ExampleMessage.ToByteArray();

    private byte[]? _exampleBytes;

    public DetectionExample? Example { get; init; }

    /// <summary>Every quarantine entry, one per rejected box row; an image rejected with no boxes gives one entry too.</summary>
    public IReadOnlyList<QuarantineEntry> Quarantined { get; init; } = [];

    public int BoxesWritten { get; init; }

    /// <summary>Boxes clipped by at most one pixel to fit the image (they are also counted in <see cref="BoxesWritten"/>).</summary>
    public int BoxesFixed { get; init; }

    /// <summary>Box rows rejected (entries of a box-less image are not box rows).</summary>
    public int BoxesQuarantined { get; init; }

    /// <summary>The reason the whole image was rejected, or null.</summary>
    public string? ImageRejectedReason { get; init; }

    /// <summary>The frame the boxes were taken in (Displayed or Stored), as decided for this image.</summary>
    public Images.BoxFrame FrameUsed { get; init; } = Images.BoxFrame.Displayed;

    /// <summary>True when the source bytes went into the record unchanged.</summary>
    public bool PassedThrough { get; init; }
}
