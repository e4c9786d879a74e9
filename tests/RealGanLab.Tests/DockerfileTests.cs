using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace RealGanLab.Tests;

/// <summary>
/// Docker cannot run on the machines this project is built on, so the Dockerfile is checked by reading it: every
/// path it copies from the build context exists, every project it restores or publishes is in the solution, and the
/// restore step has copied the project file of every project the restored one references (directly or not), or the
/// image would restore without them and fail at publish.
/// </summary>
public class DockerfileTests
{
    static readonly string Root = CliRunner.RepositoryRoot();

    /// <summary>The Dockerfile's instructions with their line continuations joined, comments dropped.</summary>
    static List<string> Instructions()
    {
        var joined = Regex.Replace(File.ReadAllText(Path.Combine(Root, "Dockerfile")), @"\\\r?\n", " ");
        return joined.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
    }

    /// <summary>The context paths of a COPY (all arguments but the destination), or none for COPY --from.</summary>
    static IEnumerable<string> CopySources(string instruction)
    {
        var args = instruction.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        if (args.Any(a => a.StartsWith("--from"))) return [];
        return args.Where(a => !a.StartsWith("--")).SkipLast(1).Select(a => a.TrimEnd('/'));
    }

    [Fact]
    public void EveryPathTheDockerfileCopiesExists()
    {
        var copies = Instructions().Where(i => i.StartsWith("COPY ")).SelectMany(CopySources).ToList();
        Assert.NotEmpty(copies);
        foreach (var path in copies)
            Assert.True(File.Exists(Path.Combine(Root, path)) || Directory.Exists(Path.Combine(Root, path)), $"the Dockerfile copies '{path}', which does not exist");
    }

    [Fact]
    public void EveryProjectItBuildsIsInTheSolutionAndRestoresWithEveryReferencedProjectFile()
    {
        var solution = File.ReadAllText(Path.Combine(Root, "RealGanLab.sln")).Replace('\\', '/');
        var instructions = Instructions();
        var built = 0;
        for (int i = 0; i < instructions.Count; i++)
        {
            var m = Regex.Match(instructions[i], @"^RUN dotnet (restore|publish) (\S+)");
            if (!m.Success) continue;
            built++;
            var project = ProjectFile(m.Groups[2].Value);
            Assert.Contains(project, solution);
            if (m.Groups[1].Value != "restore") continue;
            var copiedBefore = instructions.Take(i).Where(l => l.StartsWith("COPY ")).SelectMany(CopySources).ToHashSet();
            foreach (var needed in WithReferences(project))
                Assert.True(copiedBefore.Contains(needed) || copiedBefore.Any(c => needed.StartsWith(c + "/")),
                    $"'dotnet restore {m.Groups[2].Value}' needs {needed}, which the Dockerfile has not copied before it");
        }
        Assert.True(built >= 2, "the Dockerfile no longer restores and publishes a project");
    }

    /// <summary>A project argument (a folder or a .csproj) as the repository-relative path of its project file.</summary>
    static string ProjectFile(string argument)
    {
        if (argument.EndsWith(".csproj")) return argument;
        var files = Directory.GetFiles(Path.Combine(Root, argument), "*.csproj");
        Assert.Single(files);
        return Path.GetRelativePath(Root, files[0]).Replace('\\', '/');
    }

    /// <summary>The project file and every project file it references, transitively, repository-relative.</summary>
    static HashSet<string> WithReferences(string project)
    {
        var seen = new HashSet<string>();
        var pending = new Stack<string>([project]);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (!seen.Add(current)) continue;
            var folder = Path.GetDirectoryName(Path.Combine(Root, current))!;
            foreach (var reference in XDocument.Load(Path.Combine(Root, current)).Descendants("ProjectReference"))
            {
                var path = Path.GetFullPath(Path.Combine(folder, reference.Attribute("Include")!.Value.Replace('\\', '/')));
                pending.Push(Path.GetRelativePath(Root, path).Replace('\\', '/'));
            }
        }
        return seen;
    }
}
