namespace Cluster.Formats.Pipeline;

/// <summary>How <see cref="RankSplit{T}"/> makes every rank's share equal when the records do not divide evenly.</summary>
public enum RankBalance
{
    /// <summary>Ranks short of a record get a repeat of one of the epoch's first records (DistributedSampler's default).</summary>
    Pad,

    /// <summary>The last incomplete row of records is dropped (DistributedSampler's <c>drop_last=True</c>).</summary>
    DropLast,
}
