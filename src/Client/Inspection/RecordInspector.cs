using Cluster.Formats.Examples.Proto;
using Cluster.Formats.TfRecords;
using Google.Protobuf;

namespace Cluster.Client.Inspection;

/// <summary>Reads a whole TFRecord file (checking every CRC) and summarizes its feature keys; keeps the first N records.</summary>
public static class RecordInspector
{
    public static async Task<InspectReport> InspectAsync(string path, int firstRecords, CancellationToken ct)
    {
        await using var reader = RecordFiles.Open(path, ct);
        var features = new SortedDictionary<string, FeatureSummary>(StringComparer.Ordinal);
        var first = new List<RecordView>();
        long notExamples = 0;
        while (await reader.ReadNextAsync(ct).ConfigureAwait(false) is { } data)
        {
            var example = TryParse(data);
            if (example is null)
            {
                notExamples++;
            }
            else
            {
                Count(example, features);
            }

            if (first.Count < firstRecords)
            {
                first.Add(new RecordView(reader.RecordCount - 1, reader.LastRecordOffset, data.Length, example));
            }
        }

        return new InspectReport(path, reader.Compression, reader.RecordCount, reader.Position, notExamples, [.. features.Values], first);
    }

    private static Example? TryParse(ReadOnlyMemory<byte> data)
    {
        try
        {
            return Example.Parser.ParseFrom(data.Span);
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }

    private static void Count(Example example, SortedDictionary<string, FeatureSummary> features)
    {
        if (example.Features is null)
        {
            return;
        }

        foreach (var (key, feature) in example.Features.Feature)
        {
            var kind = FeatureValueText.KindOf(feature);
            if (!features.TryGetValue(key, out var summary))
            {
                features[key] = summary = new FeatureSummary(key, kind);
            }

            summary.Add(kind, FeatureValueText.CountOf(feature));
        }
    }
}
