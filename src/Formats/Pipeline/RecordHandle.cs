using System.Text.Json.Serialization;

namespace Cluster.Formats.Pipeline;

/// <summary>
/// Where one record lies: shard <see cref="Shard"/> (its index in the dataset), the frame's first byte
/// <see cref="Offset"/>, and the payload <see cref="Length"/>; <see cref="Epoch"/> is the epoch it was read in.
/// Interleave, shuffle, rank split and batch move handles, not bytes: their state stays small and a rank reads only
/// the records it keeps.
/// </summary>
[JsonConverter(typeof(RecordHandleJsonConverter))]
public readonly record struct RecordHandle(int Shard, long Offset, int Length, int Epoch);
