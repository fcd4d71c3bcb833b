namespace Cluster.Grains;

/// <summary>
/// What a conversion job turns into shards. Paths are absolute and must be visible to every silo (a local disk for one
/// machine, a shared volume such as a Kubernetes PVC for several). Equal specs give byte-identical outputs.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ConversionJobSpec
{
    /// <summary>Manifest format: csv, voc, coco or yolo.</summary>
    [Id(0)] public required string Format { get; init; }

    [Id(1)] public required string ManifestPath { get; init; }

    /// <summary>The folder image paths of the manifest are relative to.</summary>
    [Id(2)] public required string ImagesRoot { get; init; }

    /// <summary>The output folder: shards, label_map.pbtxt, summary.json, quarantine.jsonl.</summary>
    [Id(3)] public required string OutputDir { get; init; }

    [Id(4)] public required int ShardCount { get; init; }

    [Id(5)] public long Seed { get; init; }

    /// <summary>"none" or "gzip".</summary>
    [Id(6)] public string Compression { get; init; } = "none";

    /// <summary>Shard file prefix.</summary>
    [Id(7)] public string Name { get; init; } = "data";

    [Id(8)] public int? MaxSide { get; init; }

    /// <summary>auto, displayed or stored.</summary>
    [Id(9)] public string BoxFrame { get; init; } = "auto";

    /// <summary>A label_map.pbtxt to use; null assigns ids from the manifest's class names.</summary>
    [Id(10)] public string? LabelMapPath { get; init; }
}
