using Cluster.Formats.Manifests;

namespace Cluster.Formats.Tests.Manifests;

public sealed class CocoImageTableTests
{
    [Fact]
    public void TryAdd_AscendingIds_FoundByIdWithNamesAndSizes()
    {
        var table = new CocoImageTable();
        for (var i = 0; i < 1000; i++)
        {
            Assert.True(table.TryAdd(new CocoImageEntry(10 + (i * 3), $"dir/狸-{i}.jpg", i % 2 == 0 ? 640 : null, 480)));
        }

        Assert.True(table.TryGetOrdinal(10 + (999 * 3), out var last));
        Assert.Equal(new CocoImageEntry(10 + (999 * 3), "dir/狸-999.jpg", null, 480), table[last]);
        Assert.False(table.TryGetOrdinal(11, out _));
        Assert.Equal(1000, table.Count);
    }

    [Fact]
    public void TryAdd_IdsOutOfOrder_StillFoundAndDuplicatesRefused()
    {
        var table = new CocoImageTable();
        long[] ids = [50, 7, 900, 3, 51];
        foreach (var id in ids)
        {
            Assert.True(table.TryAdd(new CocoImageEntry(id, $"{id}.jpg", 1, 1)));
        }

        Assert.False(table.TryAdd(new CocoImageEntry(7, "again.jpg", 1, 1)));
        Assert.False(table.TryAdd(new CocoImageEntry(50, "again.jpg", 1, 1)));
        Assert.All(ids.Select((id, ordinal) => (id, ordinal)), p =>
        {
            Assert.True(table.TryGetOrdinal(p.id, out var ordinal));
            Assert.Equal((p.ordinal, $"{p.id}.jpg"), (ordinal, table.FileNameOf(ordinal)));
        });
        Assert.False(table.TryGetOrdinal(8, out _));
    }

    [Fact]
    public void TryAdd_RepeatedIdWhileAscending_Refused()
    {
        var table = new CocoImageTable();

        Assert.True(table.TryAdd(new CocoImageEntry(1, "a.jpg", 1, 1)));
        Assert.True(table.TryAdd(new CocoImageEntry(2, "b.jpg", 1, 1)));

        Assert.False(table.TryAdd(new CocoImageEntry(1, "c.jpg", 1, 1)));
        Assert.Equal(2, table.Count);
    }

    [Fact]
    public void TryAdd_NamesSpanningManyChunksAndALongName_AllReadBack()
    {
        var table = new CocoImageTable();
        var names = Enumerable.Range(0, 30_000).Select(i => $"folder-{i % 7}/{new string('n', i % 40)}-{i}.jpg").ToList();
        names[12_345] = new string('x', 200_000) + ".jpg";
        for (var i = 0; i < names.Count; i++)
        {
            Assert.True(table.TryAdd(new CocoImageEntry(i, names[i], 1, 1)));
        }

        Assert.All(Enumerable.Range(0, names.Count), i => Assert.Equal(names[i], table.FileNameOf(i)));
    }
}
