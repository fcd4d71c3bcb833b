using System.Text.Json;
using Cluster.Formats.Pipeline;

namespace Cluster.Formats.Tests.Pipeline;

public sealed class RecordHandleJsonConverterTests
{
    [Fact]
    public void Serialize_Handle_CompactArrayThatRoundTrips()
    {
        var handle = new RecordHandle(3, 5_000_000_000L, 65536, 7);

        var json = JsonSerializer.Serialize(handle);

        Assert.Equal("[3,5000000000,65536,7]", json);
        Assert.Equal(handle, JsonSerializer.Deserialize<RecordHandle>(json));
    }

    [Fact]
    public void Deserialize_ObjectFormOfEarlierStates_SameHandle()
    {
        var handle = JsonSerializer.Deserialize<RecordHandle>("""{"Shard":1,"Offset":24,"Length":9,"Epoch":2}""");

        Assert.Equal(new RecordHandle(1, 24, 9, 2), handle);
    }

    [Theory]
    [InlineData("[1,2,3]")]
    [InlineData("[1,2,3,4,5]")]
    [InlineData("\"x\"")]
    [InlineData("[1,\"2\",3,4]")]
    public void Deserialize_NotAHandle_ThrowsJsonException(string json)
    {
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<RecordHandle>(json));
    }
}
