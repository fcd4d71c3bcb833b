using Cluster.Tests.Shared;

namespace Cluster.Formats.Tests.TfRecords;

/// <summary>Paths of the TFRecord files written by others under ../shared/data/tfrecords.</summary>
internal static class SharedRecords
{
    public static string Raccoon => RepoPaths.Data("tfrecords", "raccoon__test.record");
    public static string RaccoonLabels => RepoPaths.Data("tfrecords", "raccoon__test_labels.csv");
    public static string Penguin => RepoPaths.Data("tfrecords", "tfx-penguin__Split-train_data_tfrecord-00000-of-00001.gz");
    public static string DatumaroLabelMap => RepoPaths.Data("tfrecords", "datumaro-tfodapi__label_map.pbtxt");
    public static string TfRecordLite => RepoPaths.Data("tfrecords", "tfrecord_lite__images.tfrecord");
    public static string CorruptPets => RepoPaths.Data("tfrecords", "CORRUPT-crlf-normalized__tfmodels-od-testdata__pets_examples.record");

    public static string Datumaro(string split) => RepoPaths.Data("tfrecords", $"datumaro-tfodapi__{split}.tfrecord");

    public static List<byte[]> ReadAll(string path)
    {
        using var reader = Cluster.Formats.TfRecords.TfRecordReader.Open(path);
        return TfRecordFiles.ReadAll(reader);
    }
}
