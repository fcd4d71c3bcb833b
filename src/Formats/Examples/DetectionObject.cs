namespace Cluster.Formats.Examples;

/// <summary>One box of a <see cref="DetectionExample"/>: corners normalized to [0, 1] of the image's width and height.</summary>
public sealed record DetectionObject(
    float XMin,
    float XMax,
    float YMin,
    float YMax,
    string ClassText,
    long ClassLabel,
    bool Difficult = false,
    bool Truncated = false,
    string View = "",
    bool IsCrowd = false,
    float Area = 0f);
