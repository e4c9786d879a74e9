using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;

namespace RealGanLab.Tests;

/// <summary>
/// The layers core → composition → experiments → CLI, each a project that references only the one below it, so the
/// compiler refuses a reference upwards; and the core names no configuration, file, console or process API.
/// </summary>
public class LayeringTests
{
    static readonly (string Project, string? Below)[] Layers =
    [
        ("src/RealGanLab.Core/RealGanLab.Core.csproj", null),
        ("src/RealGanLab.Composition/RealGanLab.Composition.csproj", "src/RealGanLab.Core/RealGanLab.Core.csproj"),
        ("src/RealGanLab/RealGanLab.csproj", "src/RealGanLab.Composition/RealGanLab.Composition.csproj"),
        ("src/RealGanLab.Cli/RealGanLab.Cli.csproj", "src/RealGanLab/RealGanLab.csproj"),
    ];

    static XDocument Project(string path) => XDocument.Load(Path.Combine(CliRunner.RepositoryRoot(), path));

    [Fact]
    public void EachProjectReferencesOnlyTheLayerBelowIt()
    {
        var root = CliRunner.RepositoryRoot();
        foreach (var (project, below) in Layers)
        {
            var folder = Path.GetDirectoryName(Path.Combine(root, project))!;
            var references = Project(project).Descendants("ProjectReference")
                .Select(r => Path.GetRelativePath(root, Path.GetFullPath(Path.Combine(folder, r.Attribute("Include")!.Value.Replace('\\', '/')))).Replace('\\', '/'))
                .ToList();
            Assert.Equal(below is null ? [] : [below], references);
        }
    }

    [Fact]
    public void TheCoreDependsOnTorchSharpAlone()
    {
        var packages = Project(Layers[0].Project).Descendants("PackageReference").Select(r => r.Attribute("Include")!.Value).ToList();
        Assert.Equal(["TorchSharp"], packages);
        var assemblies = typeof(Games.IGame).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.Contains("TorchSharp", assemblies);
        Assert.DoesNotContain(assemblies, a => a.StartsWith("RealGanLab", StringComparison.Ordinal));
        Assert.DoesNotContain(assemblies, a => a.StartsWith("Microsoft.Extensions", StringComparison.Ordinal));
        Assert.DoesNotContain("System.Console", assemblies);
        Assert.DoesNotContain("System.CommandLine", assemblies);
    }

    /// <summary>
    /// File, directory, stream-on-a-path, console and process types are forwarded into the same assemblies as the rest of
    /// the runtime, so the core's metadata is read for the types it names, not the assemblies it references.
    /// </summary>
    [Fact]
    public void TheCoreNamesNoFileConsoleOrProcessType()
    {
        string[] forbidden =
        [
            "System.IO.File", "System.IO.Directory", "System.IO.FileInfo", "System.IO.DirectoryInfo", "System.IO.FileStream",
            "System.IO.StreamReader", "System.IO.StreamWriter", "System.IO.Path", "System.Console", "System.Diagnostics.Process",
        ];
        var named = TypeReferences(typeof(Games.IGame).Assembly);
        Assert.Contains("TorchSharp.torch", named);
        Assert.Equal([], named.Intersect(forbidden).Order().ToList());
        // Environment.NewLine is fine (a message's line break); its variables and Exit are not.
        Assert.DoesNotContain(MemberReferences(typeof(Games.IGame).Assembly), m => m is "System.Environment.GetEnvironmentVariable"
            or "System.Environment.GetEnvironmentVariables" or "System.Environment.Exit");
        Assert.Contains("System.Environment.get_NewLine", MemberReferences(typeof(Games.IGame).Assembly));
        // A check that can fail: the experiment layer does name them.
        Assert.NotEmpty(TypeReferences(typeof(Training.GameHost).Assembly).Intersect(forbidden));
    }

    [Fact]
    public void TheCompositionLayerNamesNothingOfTheExperimentLayer()
    {
        var assemblies = typeof(Configuration.ExperimentConfig).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.Contains("RealGanLab.Core", assemblies);
        Assert.DoesNotContain("RealGanLab.Experiments", assemblies);
        Assert.DoesNotContain("realganlab", assemblies, StringComparer.OrdinalIgnoreCase);
        Assert.DoesNotContain("ScottPlot", assemblies);
    }

    static HashSet<string> MemberReferences(Assembly assembly)
    {
        using var stream = File.OpenRead(assembly.Location);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var result = new HashSet<string>();
        foreach (var handle in reader.MemberReferences)
        {
            var member = reader.GetMemberReference(handle);
            if (member.Parent.Kind != HandleKind.TypeReference) continue;
            var type = reader.GetTypeReference((TypeReferenceHandle)member.Parent);
            result.Add($"{reader.GetString(type.Namespace)}.{reader.GetString(type.Name)}.{reader.GetString(member.Name)}");
        }
        return result;
    }

    static HashSet<string> TypeReferences(Assembly assembly)
    {
        using var stream = File.OpenRead(assembly.Location);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        return reader.TypeReferences.Select(h => reader.GetTypeReference(h))
            .Select(t => $"{reader.GetString(t.Namespace)}.{reader.GetString(t.Name)}").ToHashSet();
    }
}
