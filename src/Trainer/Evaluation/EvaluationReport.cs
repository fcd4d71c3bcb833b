namespace Cluster.Trainer.Evaluation;

/// <summary>The result of evaluating on a held-out split: mAP@0.5 (VOC all-point) and the preview PNGs written.</summary>
public sealed record EvaluationReport(MeanAveragePrecisionResult Map, IReadOnlyList<string> PreviewPaths);
