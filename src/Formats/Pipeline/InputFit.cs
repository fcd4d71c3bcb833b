namespace Cluster.Formats.Pipeline;

/// <summary>How an image is brought to the model input size.</summary>
public enum InputFit
{
    /// <summary>Scaled to fit, aspect kept, centered on a padded canvas (YOLO-style letterbox).</summary>
    Letterbox,

    /// <summary>Stretched to the input size, aspect not kept.</summary>
    Stretch,
}
