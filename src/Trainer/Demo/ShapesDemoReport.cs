using Cluster.Trainer.Training;

namespace Cluster.Trainer.Demo;

/// <summary>What the demo did: steps, wall time, the mAP curve, when (if) it reached the target, input wait, the files written.</summary>
public sealed record ShapesDemoReport(
    long Steps,
    TimeSpan Elapsed,
    double FinalMap,
    TimeSpan? TimeToTarget,
    long? StepsToTarget,
    double InputWaitFraction,
    IReadOnlyList<(long Step, double Map, TimeSpan At)> Evaluations,
    IReadOnlyList<TrainStepResult> StepResults,
    IReadOnlyList<string> PreviewPaths,
    string PlotPath,
    string CheckpointPath);
