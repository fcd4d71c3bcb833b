namespace Cluster.Bench;

/// <summary>One timing: wall-clock time, and CPU time of the whole process (all threads) over the same span.</summary>
internal readonly record struct Sample(TimeSpan Wall, TimeSpan Cpu);
