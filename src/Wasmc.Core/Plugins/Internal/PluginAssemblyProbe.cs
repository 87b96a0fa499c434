using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Wasmc.Core.Plugins.Internal;

/// <summary>
/// Tells, from metadata only, whether an assembly carries <c>[assembly: WasmcPlugin(...)]</c>, so a
/// folder's dependencies are never loaded just to look at them.
/// </summary>
internal static class PluginAssemblyProbe
{
    private const string AttributeNamespace = "Wasmc.Plugins.Abstractions";
    private const string AttributeName = "WasmcPluginAttribute";

    public static bool DeclaresPlugins(string assemblyPath)
    {
        try
        {
            using var stream = File.OpenRead(assemblyPath);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                return false;
            }

            var reader = pe.GetMetadataReader();
            if (!reader.IsAssembly)
            {
                return false;
            }

            foreach (var handle in reader.GetAssemblyDefinition().GetCustomAttributes())
            {
                var attribute = reader.GetCustomAttribute(handle);
                if (attribute.Constructor.Kind == HandleKind.MemberReference)
                {
                    var member = reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
                    if (member.Parent.Kind == HandleKind.TypeReference)
                    {
                        var type = reader.GetTypeReference((TypeReferenceHandle)member.Parent);
                        if (reader.StringComparer.Equals(type.Name, AttributeName) &&
                            reader.StringComparer.Equals(type.Namespace, AttributeNamespace))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
