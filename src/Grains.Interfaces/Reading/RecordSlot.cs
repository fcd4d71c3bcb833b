namespace Cluster.Grains.Reading;

/// <summary>
/// Where one record of a <see cref="RecordBatchMessage"/> came from (shard, frame offset, payload length, epoch: its
/// <see cref="Cluster.Formats.Pipeline.RecordHandle"/>) and where its payload lies in the message's
/// <see cref="RecordBatchMessage.Data"/> (<see cref="Start"/>, <see cref="RecordSlot.Length"/> bytes); <see cref="File"/>
/// indexes the message's file table.
/// </summary>
[GenerateSerializer, Immutable]
public readonly record struct RecordSlot(
    [property: Id(0)] int Shard,
    [property: Id(1)] long Offset,
    [property: Id(2)] int Length,
    [property: Id(3)] int Epoch,
    [property: Id(4)] int Start,
    [property: Id(5)] int File);
