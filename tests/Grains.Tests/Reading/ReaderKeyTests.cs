using Cluster.Grains.Reading;

namespace Cluster.Grains.Tests.Reading;

public sealed class ReaderKeyTests
{
    [Theory]
    [InlineData("/data/coco", 0, 0)]
    [InlineData("/data/odd|name", 12, 3)]
    public void Parse_FormattedKey_RoundTrips(string dataset, int epoch, int rank)
    {
        var key = new ReaderKey(dataset, epoch, rank);

        Assert.Equal(key, ReaderKey.Parse(key.ToString()));
    }

    [Theory]
    [InlineData("/data/coco")]
    [InlineData("/data/coco|1")]
    [InlineData("/data/coco|x|1")]
    [InlineData("|1|2")]
    public void Parse_NotAKey_FormatExceptionNamingIt(string text)
    {
        var error = Assert.Throws<FormatException>(() => ReaderKey.Parse(text));

        Assert.Contains(text, error.Message, StringComparison.Ordinal);
    }
}
