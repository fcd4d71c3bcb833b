namespace Cluster.Formats.Examples;

/// <summary>The TF Object Detection API feature keys (object_detection/core/standard_fields.py, TfExampleFields).</summary>
public static class FeatureKeys
{
    public const string Height = "image/height";
    public const string Width = "image/width";
    public const string Filename = "image/filename";
    public const string SourceId = "image/source_id";
    public const string Sha256 = "image/key/sha256";
    public const string Encoded = "image/encoded";
    public const string Format = "image/format";
    public const string XMin = "image/object/bbox/xmin";
    public const string XMax = "image/object/bbox/xmax";
    public const string YMin = "image/object/bbox/ymin";
    public const string YMax = "image/object/bbox/ymax";
    public const string ClassText = "image/object/class/text";
    public const string ClassLabel = "image/object/class/label";
    public const string Difficult = "image/object/difficult";
    public const string Truncated = "image/object/truncated";
    public const string View = "image/object/view";
    public const string IsCrowd = "image/object/is_crowd";
    public const string Area = "image/object/area";

    /// <summary>Every key <see cref="DetectionExample"/> maps to a property; others are kept as they are.</summary>
    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        Height, Width, Filename, SourceId, Sha256, Encoded, Format,
        XMin, XMax, YMin, YMax, ClassText, ClassLabel, Difficult, Truncated, View, IsCrowd, Area,
    };
}
