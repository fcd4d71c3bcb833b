namespace Cluster.Formats.Manifests;

/// <summary>The annotation formats the readers understand.</summary>
public enum ManifestFormat
{
    /// <summary>TF OD API / Roboflow CSV: filename,width,height,class,xmin,ymin,xmax,ymax (column order from the header).</summary>
    Csv,

    /// <summary>Pascal VOC: a folder of XML files, or a VOCdevkit ImageSets/Main/*.txt list.</summary>
    Voc,

    /// <summary>COCO instances JSON (streamed).</summary>
    Coco,

    /// <summary>YOLO: Darknet (obj.names, obj.data, train.txt) or Roboflow/Ultralytics (data.yaml, images/, labels/).</summary>
    Yolo,
}
