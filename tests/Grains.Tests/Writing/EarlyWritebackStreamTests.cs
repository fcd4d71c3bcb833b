using Cluster.Grains.Writing;
using Cluster.Tests.Shared;

namespace Cluster.Grains.Tests.Writing;

public sealed class EarlyWritebackStreamTests
{
    [Fact]
    public void Write_PastSeveralWritebackChunks_FileHoldsExactlyTheBytesWritten()
    {
        // 20 MB in uneven pieces crosses two 8 MiB writeback requests; what reaches the file must not change.
        using var dir = new TempDirectory();
        var path = dir.File("shard.bin");
        var data = new byte[20_000_003];
        new Random(9).NextBytes(data);

        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0))
        {
            var stream = new EarlyWritebackStream(file);
            for (var at = 0; at < data.Length;)
            {
                var n = Math.Min(data.Length - at, 111_599 + (at % 7));
                stream.Write(data, at, n);
                at += n;
            }

            Assert.Equal(data.Length, stream.Length);
            file.Flush(flushToDisk: true);
        }

        Assert.Equal(data, File.ReadAllBytes(path));
    }
}
