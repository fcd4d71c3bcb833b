using Cluster.Formats.Examples;
using Cluster.Formats.Pipeline;

namespace Cluster.Grains.Tests.Reading;

/// <summary>What a test compares of a <see cref="RecordBatch"/>: each record's source_id, handle and bytes.</summary>
internal sealed record ReadBatch(string[] Ids, RecordHandle[] Handles, byte[][] Bytes)
{
    public static ReadBatch Of(RecordBatch batch) => new(
        [.. batch.Records.Select(r => DetectionExample.Parse(r.Data.Span).SourceId)],
        [.. batch.Records.Select(r => r.Handle)],
        [.. batch.Records.Select(r => r.Data.ToArray())]);

    /// <summary>Every remaining batch of the current epoch of <paramref name="reader"/>, each disposed once copied.</summary>
    public static async Task<List<ReadBatch>> AllAsync(PipelineStage<RecordBatch> reader, int? max = null)
    {
        var batches = new List<ReadBatch>();
        while ((max is null || batches.Count < max) && await reader.MoveNextAsync())
        {
            using var batch = reader.Current;
            batches.Add(Of(batch));
        }

        return batches;
    }

    public static void Equal(IReadOnlyList<ReadBatch> expected, IReadOnlyList<ReadBatch> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Ids, actual[i].Ids);
            Assert.Equal(expected[i].Handles, actual[i].Handles);
            Assert.Equal(expected[i].Bytes.Length, actual[i].Bytes.Length);
            for (var j = 0; j < expected[i].Bytes.Length; j++)
            {
                Assert.True(expected[i].Bytes[j].AsSpan().SequenceEqual(actual[i].Bytes[j]), $"batch {i}, record {j}: bytes differ");
            }
        }
    }
}
