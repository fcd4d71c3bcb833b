namespace Cluster.Trainer.Synthetic;

/// <summary>The classes of the synthetic shapes dataset; the value is the 1-based label id.</summary>
public enum ShapeKind
{
    Rectangle = 1,
    Circle = 2,
    Triangle = 3,
}
