namespace Cluster.Formats.Images;

/// <summary>Which frame of an EXIF-rotated image the manifest's boxes were drawn in.</summary>
public enum BoxFrame
{
    /// <summary>Displayed, unless orientation is 5-8, the stated size matches the stored (unrotated) size and not the
    /// displayed one: then the boxes were drawn on the stored pixels and are rotated with them.</summary>
    Auto,

    /// <summary>Boxes are in the image as displayed (EXIF orientation applied); they are kept as they are.</summary>
    Displayed,

    /// <summary>Boxes are in the stored pixel grid; they are transformed with the pixels.</summary>
    Stored,
}
