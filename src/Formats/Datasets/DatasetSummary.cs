using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cluster.Formats.Datasets;

/// <summary>
/// <c>summary.json</c>, written by a conversion next to its shards and read by the interleaving reader: the shard list
/// with the records, bytes and SHA-256 of each, and the accounting of the conversion (camelCase JSON).
/// </summary>
public sealed record DatasetSummary
{
    public const string FileName = "summary.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The job that wrote the dataset.</summary>
    public string JobId { get; init; } = "";

    /// <summary>Shard file prefix: shards are named <c>NAME-0000k-of-0000N.tfrecord[.gz]</c>.</summary>
    public string Name { get; init; } = "";

    public long Seed { get; init; }

    /// <summary>"none" or "gzip".</summary>
    public string Compression { get; init; } = "none";

    /// <summary>Every shard, in index order.</summary>
    public IReadOnlyList<ShardSummary> Shards { get; init; } = [];

    public long RowsRead { get; init; }

    public long ImagesWritten { get; init; }

    public long BoxesWritten { get; init; }

    public long BoxesFixed { get; init; }

    public long RowsQuarantined { get; init; }

    /// <summary>Quarantined rows per reason.</summary>
    public IReadOnlyDictionary<string, long> QuarantinedByReason { get; init; } = new Dictionary<string, long>();

    /// <summary>Boxes written per class name.</summary>
    public IReadOnlyDictionary<string, long> BoxesPerClass { get; init; } = new Dictionary<string, long>();

    /// <summary>Reads <paramref name="path"/> (a summary.json, or a folder holding one).</summary>
    public static DatasetSummary Load(string path)
    {
        var file = Directory.Exists(path) ? Path.Combine(path, FileName) : path;
        try
        {
            return JsonSerializer.Deserialize<DatasetSummary>(File.ReadAllText(file), Json)
                ?? throw new InvalidDataException($"{file}: empty summary");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{file}: not a valid summary.json ({e.Message})", e);
        }
    }

    /// <summary>Writes the summary to <paramref name="path"/> atomically (temporary file, then rename).</summary>
    public void Save(string path)
    {
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temp, ToJson());
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
