using Cluster.Formats.Images;
using Cluster.Formats.Manifests;
using Cluster.Grains.Storage;

namespace Cluster.Grains.Tests.Blob;

/// <summary>Parsing of output and image locations, and the path-escape rule for images read from a Blob prefix.</summary>
public sealed class StorageLocationTests
{
    [Theory]
    [InlineData("az://data/sets/coco/", "data", "sets/coco", "az://data/sets/coco")]
    [InlineData("az://data", "data", "", "az://data")]
    [InlineData("https://acct.blob.core.windows.net/data/sets/coco", "data", "sets/coco", "az://data/sets/coco")]
    [InlineData("http://127.0.0.1:10000/devstoreaccount1/data/out", "data", "out", "az://data/out")]
    public void Parse_BlobLocation_ContainerPrefixAndCanonicalText(string text, string container, string prefix, string canonical)
    {
        var location = StorageLocation.Parse(text);

        Assert.True(location.IsBlob);
        Assert.Equal(container, location.Container);
        Assert.Equal(prefix, location.Prefix);
        Assert.Equal(canonical, location.ToString());
    }

    [Theory]
    [InlineData("az://Bad_Container/x")]
    [InlineData("az://ab")]
    [InlineData("az://data/a/../b")]
    [InlineData("https://acct.blob.core.windows.net/data/x?sv=2024&sig=SECRET")]
    public void Parse_BadBlobLocation_ArgumentExceptionWithoutSecrets(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => StorageLocation.Parse(text));

        Assert.DoesNotContain("SECRET", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RelativeFolder_FullPath()
    {
        Assert.Equal(Path.GetFullPath("out"), StorageLocation.Parse("out").LocalPath);
    }

    [Fact]
    public void ContainerOf_MalformedConnectionString_ErrorDoesNotShowIt()
    {
        var error = Assert.Throws<ArgumentException>(() => BlobConnection.ContainerOf(StorageLocation.Parse("az://data/x"), "AccountKey=SECRET;garbage"));

        Assert.DoesNotContain("SECRET", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a/b.jpg", "a/b.jpg")]
    [InlineData("a\\.\\b.jpg", "a/b.jpg")]
    [InlineData("a/../b.jpg", "b.jpg")]
    public void Resolve_PathUnderPrefix_BlobName(string imagePath, string expected)
    {
        Assert.Equal(expected, BlobImageSource.Resolve(imagePath));
    }

    [Theory]
    [InlineData("../secret.jpg")]
    [InlineData("a/../../secret.jpg")]
    [InlineData("/etc/passwd")]
    [InlineData("C:/x.jpg")]
    [InlineData("")]
    public void Resolve_PathLeavingPrefix_RejectedAsPathEscape(string imagePath)
    {
        var error = Assert.Throws<ImageRejectedException>(() => BlobImageSource.Resolve(imagePath));

        Assert.Equal(QuarantineReasons.PathEscapesRoot, error.Reason);
    }
}
