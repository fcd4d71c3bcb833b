using Cluster.Fuzz;
using SharpFuzz;

// cluster-fuzz <harness>                   run under afl-fuzz (SharpFuzz out-of-process fork server)
// cluster-fuzz seeds <harness> <dir> <data> write the seed corpus, cut from the shared test data, into <dir>
// cluster-fuzz replay <harness> <file>...   run inputs once each and say whether each is a crash
// cluster-fuzz list                         the harness names
if (args is ["list"])
{
    foreach (var h in FuzzHarnesses.All)
    {
        Console.WriteLine($"{h.Name,-14} {h.Describes}");
    }

    return 0;
}

if (args is ["seeds", var seedName, var dir, var data] && FuzzHarnesses.Find(seedName) is { } seeded)
{
    Directory.CreateDirectory(dir);
    foreach (var (name, bytes) in seeded.Seeds(data))
    {
        File.WriteAllBytes(Path.Combine(dir, name), bytes);
    }

    return 0;
}

if (args is ["replay", var replayName, .. var files] && FuzzHarnesses.Find(replayName) is { } replayed)
{
    var crashes = 0;
    using var scratch = new ScratchFolder();
    foreach (var file in files)
    {
        try
        {
            replayed.Run(File.ReadAllBytes(file), scratch);
            Console.WriteLine($"{file}: accepted");
        }
        catch (Exception e) when (replayed.IsExpected(e))
        {
            Console.WriteLine($"{file}: rejected: {e.Message}");
        }
        catch (Exception e)
        {
            crashes++;
            Console.WriteLine($"{file}: CRASH {e}");
        }
    }

    return crashes == 0 ? 0 : 1;
}

if (args is [var harnessName] && FuzzHarnesses.Find(harnessName) is { } harness)
{
    using var scratch = new ScratchFolder();
    Fuzzer.OutOfProcess.Run(stream =>
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        try
        {
            harness.Run(copy.ToArray(), scratch);
        }
        catch (Exception e) when (harness.IsExpected(e))
        {
            // The parser's documented answer to bad input.
        }
    });
    return 0;
}

Console.Error.WriteLine($"usage: cluster-fuzz <{string.Join('|', FuzzHarnesses.All.Select(h => h.Name))}> | seeds <harness> <dir> <data> | replay <harness> <file>... | list");
return 2;
