namespace Cluster.Bench;

/// <summary>One generated COCO file: its label, box count and image count.</summary>
internal sealed record CocoCase(string Name, int Boxes, int Images);
