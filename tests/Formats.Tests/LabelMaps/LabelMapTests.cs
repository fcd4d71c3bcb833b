using Cluster.Formats.LabelMaps;
using Cluster.Tests.Shared;

namespace Cluster.Formats.Tests.LabelMaps;

public sealed class LabelMapTests
{
    [Fact]
    public void Load_DatumaroLabelMap_ReadsTenItems()
    {
        var map = LabelMap.Load(RepoPaths.Data("tfrecords", "datumaro-tfodapi__label_map.pbtxt"));

        Assert.Equal(10, map.Items.Count);
        Assert.Equal(Enumerable.Range(1, 10), map.Items.Select(i => i.Id));
        Assert.Equal("label_0", map.NameOf(1));
        Assert.Equal(10, map.IdOf("label_9"));
        Assert.Null(map.IdOf("nope"));
        Assert.Null(map.NameOf(11));
    }

    [Fact]
    public void Parse_DisplayNameAndEscapes_AreRead()
    {
        var map = LabelMap.Parse("# comment\nitem {\n  id: 1\n  name: 'it\\'s'\n  display_name: \"Raccoon\"\n}\nitem { id: 2 name: 'b' }", "x.pbtxt");

        Assert.Equal(new LabelMapItem(1, "it's", "Raccoon"), map.Items[0]);
        Assert.Equal(new LabelMapItem(2, "b"), map.Items[1]);
    }

    [Fact]
    public void ParseOfToPbtxt_AnyMap_RoundTrips()
    {
        var map = LabelMap.FromItems([new LabelMapItem(3, "q'uote\\", "Q"), new LabelMapItem(1, "a")]);

        var back = LabelMap.Parse(map.ToPbtxt(), "x");

        Assert.Equal(map.Items, back.Items);
    }

    [Fact]
    public void FromSortedNames_UnsortedWithDuplicates_IdsFromOneInOrdinalOrder()
    {
        var map = LabelMap.FromSortedNames(["zebra", "Apple", "apple", "zebra"]);

        Assert.Equal([new LabelMapItem(1, "Apple"), new LabelMapItem(2, "apple"), new LabelMapItem(3, "zebra")], map.Items);
    }

    [Fact]
    public void Parse_DuplicateId_ThrowsWithLine()
    {
        var e = Assert.Throws<LabelMapFormatException>(() => LabelMap.Parse("item { id: 1 name: 'a' }\nitem { id: 1 name: 'b' }", "dup.pbtxt"));

        Assert.Equal(2, e.Line);
        Assert.StartsWith("dup.pbtxt:2:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingName_ThrowsWithLine()
    {
        var e = Assert.Throws<LabelMapFormatException>(() => LabelMap.Parse("\n\nitem { id: 4 }", "m.pbtxt"));

        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void Parse_UnterminatedString_Throws()
    {
        Assert.Throws<LabelMapFormatException>(() => LabelMap.Parse("item { id: 1 name: 'abc }", "u.pbtxt"));
    }

    [Fact]
    public void Save_ThenLoad_RoundTripsAndLeavesNoTempFile()
    {
        using var dir = new TempDirectory();
        var path = dir.File("label_map.pbtxt");
        var map = LabelMap.FromSortedNames(["raccoon", "cat"]);

        map.Save(path);

        Assert.Equal(map.Items, LabelMap.Load(path).Items);
        Assert.Single(Directory.GetFiles(dir.Path));
    }
}
