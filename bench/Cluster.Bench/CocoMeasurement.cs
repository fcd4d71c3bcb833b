namespace Cluster.Bench;

/// <summary>One case with the size of its generated file and the child's result.</summary>
internal sealed record CocoMeasurement(CocoCase Case, long FileBytes, CocoChildResult Child);
