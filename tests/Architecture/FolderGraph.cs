using Mono.Cecil;
using Mono.Cecil.Cil;

namespace SmimeAddin.Tests.Architecture;

/// <summary>Which folders of api/ use which, read from the compiled assembly: a folder is the second part of a
/// namespace (<c>SmimeAddin.ContactRequests.Provisioning</c> is <c>ContactRequests</c>), and a type uses every type
/// its signatures, attributes and method bodies name. Compiled code is read rather than source so that nothing hides
/// behind a <c>using</c>, a fully qualified name or an extension method.</summary>
internal sealed class FolderGraph
{
    private const string Root = "SmimeAddin";
    private readonly Dictionary<string, Dictionary<string, SortedSet<string>>> uses = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Folders => uses.Keys;

    public static FolderGraph Of(string assemblyPath)
    {
        var graph = new FolderGraph();
        using var assembly = AssemblyDefinition.ReadAssembly(assemblyPath);
        foreach (var type in assembly.MainModule.GetTypes())
            if (FolderOf(type) is { } folder)
                foreach (var used in UsedTypes(type))
                    if (FolderOf(used) is { } usedFolder && usedFolder != folder)
                        graph.Add(folder, usedFolder, $"{Outermost(type).FullName} uses {Outermost(used).FullName}");
                    else if (FolderOf(used) is not null)
                        graph.Folder(folder);
        return graph;
    }

    /// <summary>A graph of the given uses, for checking the reading of graphs itself.</summary>
    public static FolderGraph Of(IEnumerable<(string From, string To)> uses)
    {
        var graph = new FolderGraph();
        foreach (var (from, to) in uses)
            graph.Add(from, to, $"{from} uses {to}");
        return graph;
    }

    /// <summary>The folders <paramref name="folder"/> uses, each with one example of a type that does.</summary>
    public IReadOnlyDictionary<string, SortedSet<string>> UsesOf(string folder) => uses.GetValueOrDefault(folder) ?? [];

    /// <summary>Every cycle's folders, as the strongly connected components of more than one folder.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles() => new Tarjan(this).Components().Where(c => c.Count > 1).ToList();

    public override string ToString() => string.Join(Environment.NewLine, uses.OrderBy(f => f.Key)
        .Select(f => $"{f.Key} -> {string.Join(", ", f.Value.Keys.Order())}"));

    private Dictionary<string, SortedSet<string>> Folder(string folder)
    {
        if (!uses.TryGetValue(folder, out var edges))
            uses[folder] = edges = new(StringComparer.Ordinal);
        return edges;
    }

    private void Add(string from, string to, string example)
    {
        var edges = Folder(from);
        if (!edges.TryGetValue(to, out var examples))
            edges[to] = examples = new(StringComparer.Ordinal);
        examples.Add(example);
        Folder(to);
    }

    private static TypeReference Outermost(TypeReference type)
    {
        while (type.DeclaringType is { } declaring)
            type = declaring;
        return type;
    }

    private static string? FolderOf(TypeReference type)
    {
        var parts = Outermost(type.GetElementType()).Namespace.Split('.');
        return parts.Length >= 2 && parts[0] == Root ? parts[1] : null;
    }

    private static IEnumerable<TypeReference> UsedTypes(TypeDefinition type)
    {
        if (type.BaseType is { } baseType)
            foreach (var t in Expand(baseType)) yield return t;
        foreach (var t in type.Interfaces.SelectMany(i => Expand(i.InterfaceType))) yield return t;
        foreach (var t in Attributes(type)) yield return t;
        foreach (var field in type.Fields)
            foreach (var t in Expand(field.FieldType).Concat(Attributes(field))) yield return t;
        foreach (var property in type.Properties)
            foreach (var t in Expand(property.PropertyType).Concat(Attributes(property))) yield return t;
        foreach (var method in type.Methods)
            foreach (var t in InMethod(method)) yield return t;
    }

    private static IEnumerable<TypeReference> InMethod(MethodDefinition method)
    {
        foreach (var t in Expand(method.ReturnType).Concat(Attributes(method))) yield return t;
        foreach (var parameter in method.Parameters)
            foreach (var t in Expand(parameter.ParameterType).Concat(Attributes(parameter))) yield return t;
        if (!method.HasBody)
            yield break;
        foreach (var variable in method.Body.Variables)
            foreach (var t in Expand(variable.VariableType)) yield return t;
        foreach (var instruction in method.Body.Instructions)
            foreach (var t in InOperand(instruction)) yield return t;
    }

    private static IEnumerable<TypeReference> InOperand(Instruction instruction) => instruction.Operand switch
    {
        TypeReference type => Expand(type),
        MethodReference method => Expand(method.DeclaringType).Concat(Expand(method.ReturnType))
            .Concat(method.Parameters.SelectMany(p => Expand(p.ParameterType)))
            .Concat(method is GenericInstanceMethod generic ? generic.GenericArguments.SelectMany(Expand) : []),
        FieldReference field => Expand(field.DeclaringType).Concat(Expand(field.FieldType)),
        _ => [],
    };

    private static IEnumerable<TypeReference> Attributes(ICustomAttributeProvider provider) =>
        provider.CustomAttributes.SelectMany(a => Expand(a.AttributeType)
            .Concat(a.ConstructorArguments.Select(x => x.Value).OfType<TypeReference>().SelectMany(Expand)));

    /// <summary>A type and every type inside it: element types of arrays and by-refs, generic arguments.</summary>
    private static IEnumerable<TypeReference> Expand(TypeReference type)
    {
        switch (type)
        {
            case GenericInstanceType generic:
                foreach (var t in Expand(generic.ElementType).Concat(generic.GenericArguments.SelectMany(Expand)))
                    yield return t;
                break;
            case TypeSpecification specification:
                foreach (var t in Expand(specification.ElementType))
                    yield return t;
                break;
            case GenericParameter:
                break;
            default:
                yield return type;
                break;
        }
    }

    /// <summary>Tarjan's strongly connected components over the folder graph.</summary>
    private sealed class Tarjan(FolderGraph graph)
    {
        private readonly Dictionary<string, int> index = [], low = [];
        private readonly Stack<string> stack = new();
        private readonly HashSet<string> onStack = [];
        private readonly List<IReadOnlyList<string>> components = [];

        public List<IReadOnlyList<string>> Components()
        {
            foreach (var folder in graph.Folders.Order())
                if (!index.ContainsKey(folder))
                    Visit(folder);
            return components;
        }

        private void Visit(string folder)
        {
            index[folder] = low[folder] = index.Count;
            stack.Push(folder);
            onStack.Add(folder);
            foreach (var next in graph.UsesOf(folder).Keys)
            {
                if (!index.ContainsKey(next))
                {
                    Visit(next);
                    low[folder] = Math.Min(low[folder], low[next]);
                }
                else if (onStack.Contains(next))
                    low[folder] = Math.Min(low[folder], index[next]);
            }
            if (low[folder] != index[folder])
                return;
            var component = new List<string>();
            string member;
            do
            {
                member = stack.Pop();
                onStack.Remove(member);
                component.Add(member);
            } while (member != folder);
            components.Add(component.Order().ToList());
        }
    }
}
