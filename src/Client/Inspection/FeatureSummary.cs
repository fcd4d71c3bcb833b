namespace Cluster.Client.Inspection;

/// <summary>One feature key across a file: its kind, how many records hold it, and how many values they hold.</summary>
public sealed class FeatureSummary(string key, string kind)
{
    public string Key { get; } = key;

    /// <summary><c>bytes_list</c>, <c>float_list</c>, <c>int64_list</c>, or <c>mixed</c> when records disagree.</summary>
    public string Kind { get; private set; } = kind;

    public long Records { get; private set; }

    public int MinValues { get; private set; } = int.MaxValue;

    public int MaxValues { get; private set; }

    public long TotalValues { get; private set; }

    public void Add(string kind, int values)
    {
        if (kind != Kind)
        {
            Kind = "mixed";
        }

        Records++;
        MinValues = Math.Min(MinValues, values);
        MaxValues = Math.Max(MaxValues, values);
        TotalValues += values;
    }
}
