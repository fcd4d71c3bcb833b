using System.Globalization;

namespace Cluster.Grains.Planning;

/// <summary>
/// Names (relative to the output location, '/'-separated) of the job's work folder <c>.cluster-work</c>: the plan, the
/// label map, one sorted JSONL work list per shard, and per shard a quarantine part and a done marker. It lives in the
/// output location (folder or Blob container), not in grain state, so it survives the death of every silo.
/// </summary>
internal static class WorkNames
{
    public const string Root = ".cluster-work";

    public const string Plan = Root + "/plan.json";

    public const string LabelMap = Root + "/label_map.pbtxt";

    public static string ListOf(int shard) => $"{Root}/{Stem(shard)}.jsonl";

    public static string UnsortedListOf(int shard) => $"{Root}/{Stem(shard)}.unsorted.tmp";

    public static string QuarantineOf(int shard) => $"{Root}/{Stem(shard)}.quarantine.jsonl";

    public static string MarkerOf(int shard) => $"{Root}/{Stem(shard)}.done.json";

    private static string Stem(int shard) => string.Create(CultureInfo.InvariantCulture, $"shard-{shard:D5}");
}
