using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace SmimeAddin.Tests.Addin;

/// <summary>Checks a manifest offline: Microsoft's schemas (tests/Addin/Schemas, a 2022 snapshot of [MS-OWEMXML]), where
/// any schema-load warning is fatal, then the rules the schemas do not hold.</summary>
public static class ManifestValidator
{
    private static readonly XNamespace OfficeApp = "http://schemas.microsoft.com/office/appforoffice/1.1";
    private static readonly XNamespace BasicTypes = "http://schemas.microsoft.com/office/officeappbasictypes/1.0";
    private static readonly Lazy<XmlSchemaSet> Schemas = new(LoadSchemas);

    public static IReadOnlyList<string> SchemaErrors(string xml)
    {
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = Schemas.Value };
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity} line {e.Exception.LineNumber}: {e.Message}");
        using var reader = XmlReader.Create(new StringReader(xml), settings);
        while (reader.Read())
        {
        }
        return errors;
    }

    public static IReadOnlyList<string> RuleErrors(XDocument manifest)
    {
        var errors = new List<string>();
        var root = manifest.Root!;
        if (!Guid.TryParse(root.Element(OfficeApp + "Id")?.Value, out _))
            errors.Add("Id is not a GUID.");
        foreach (var url in Urls(manifest).Where(u => !u.StartsWith("https://", StringComparison.Ordinal)))
            errors.Add($"Not https: {url}");
        Limit(errors, root.Element(OfficeApp + "DisplayName"), 125);
        Limit(errors, root.Element(OfficeApp + "ProviderName"), 125);
        Limit(errors, root.Element(OfficeApp + "Description"), 250);
        foreach (var overrides in manifest.Descendants().Where(e => e.Name.LocalName == "VersionOverrides"))
            CheckResources(errors, overrides);
        return errors;
    }

    /// <summary>Each VersionOverrides block: resource ids unique and at most 32 characters, every resid defined there.</summary>
    private static void CheckResources(List<string> errors, XElement overrides)
    {
        var resources = overrides.Elements().Single(e => e.Name.LocalName == "Resources");
        var defined = resources.Descendants().Attributes("id").Select(a => a.Value).ToList();
        errors.AddRange(defined.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => $"Resource id defined twice: {g.Key}"));
        errors.AddRange(defined.Where(id => id.Length > 32).Select(id => $"Resource id over 32 characters: {id}"));
        var own = overrides.Descendants().Where(e => e.Ancestors().First(a => a.Name.LocalName == "VersionOverrides") == overrides);
        errors.AddRange(own.Attributes("resid").Select(a => a.Value).Where(r => !defined.Contains(r)).Select(r => $"Undefined resource: {r}"));
        foreach (var text in resources.Elements(BasicTypes + "ShortStrings").Elements())
            Limit(errors, text, 125);
        foreach (var text in resources.Elements(BasicTypes + "LongStrings").Elements())
            Limit(errors, text, 250);
    }

    private static IEnumerable<string> Urls(XDocument manifest) =>
        manifest.Descendants().Attributes().Where(a => a.Name.LocalName is "DefaultValue" or "Value" && a.Value.Contains("://"))
            .Select(a => a.Value)
            .Concat(manifest.Descendants(OfficeApp + "AppDomain").Select(e => e.Value));

    private static void Limit(List<string> errors, XElement? element, int length)
    {
        if (element is null)
            return;
        foreach (var value in element.DescendantsAndSelf().Attributes().Where(a => a.Name.LocalName is "DefaultValue" or "Value"))
            if (value.Value.Length > length)
                errors.Add($"{element.Name.LocalName} longer than {length}: {value.Value}");
    }

    private static XmlSchemaSet LoadSchemas()
    {
        var problems = new List<string>();
        var set = new XmlSchemaSet { XmlResolver = new XmlUrlResolver() };
        set.ValidationEventHandler += (_, e) => problems.Add(e.Message);
        var folder = Path.Combine(AppContext.BaseDirectory, "Addin", "Schemas");
        foreach (var file in System.IO.Directory.GetFiles(folder, "*.xsd").Order())
        {
            using var reader = XmlReader.Create(file, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
            var schema = XmlSchema.Read(reader, (_, e) => problems.Add(e.Message))!;
            schema.SourceUri = new Uri(file).AbsoluteUri;
            // The resolver may already have pulled a schema in through another's import.
            if (!set.Contains(schema.TargetNamespace))
                set.Add(schema);
        }
        set.Compile();
        if (problems.Count > 0)
            throw new InvalidOperationException("The manifest schemas did not load cleanly: " + string.Join(" | ", problems));
        return set;
    }
}
