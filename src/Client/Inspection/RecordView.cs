using Cluster.Formats.Examples.Proto;

namespace Cluster.Client.Inspection;

/// <summary>One of the first records shown by <c>inspect</c>: where it is and its Example (null if it is not one).</summary>
public sealed record RecordView(long Index, long Offset, int Size, Example? Example)
{
    /// <summary>The Example's features in ordinal key order (none when it is not an Example).</summary>
    public IEnumerable<KeyValuePair<string, Feature>> SortedFeatures =>
        Example?.Features?.Feature.OrderBy(kv => kv.Key, StringComparer.Ordinal) ?? Enumerable.Empty<KeyValuePair<string, Feature>>();
}
