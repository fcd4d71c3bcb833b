using System.CommandLine;

var root = new RootCommand("cluster: turns object-detection datasets into sharded TFRecords and trains on them");
return await root.Parse(args).InvokeAsync();
