/* suite.c: the RFC 7285 suite, one row per wire-testable requirement, in
 * section order.  Reading this table is reading the RFC's requirements
 * with the id that tests each; scenarios/conformance/rfc7285-requirements.yaml
 * lists every requirement of the RFC (testable or not) against these ids
 * and `altospec conform --list --coverage` prints the two side by side.
 *
 * Levels: a MUST / MUST NOT row fails; a SHOULD row warns (fails under
 * --strict).  `needs` names the services the row judges; when the IRD does
 * not advertise them the row is UNSUPPORTED, with that reason. */
#include "rfc7285.h"

#define POST CONF_NEED_POST

static const conf_case rfc7285_cases[] = {
    {"rfc7285/6.1.2.2/ordinal-integers", "6.1.2.2", CONF_MUST,
     "ordinal costs are non-negative integers",
     "This mode indicates that the cost values in a cost map represent ranking (relative to all "
     "other values in a cost map), not actual costs.  The values are non-negative integers, with a "
     "lower value indicating a higher preference.", 0, r7285_ordinal_integers},
    {"rfc7285/6.1.2.2/ordinal-full-map", "6.1.2.2", CONF_MUST,
     "an ordinal cost map ranks the numerical map of its metric across the whole map",
     "This mode indicates that the cost values in a cost map represent ranking (relative to all "
     "other values in a cost map), not actual costs.  The values are non-negative integers, with a "
     "lower value indicating a higher preference.  [6.2] If the cost mode is ordinal, the path cost of "
     "each communicating pair is relative to the m*n entries.", CONF_NEED_COSTMAP, r7285_ordinal_full_map},
    {"rfc7285/6.1.2.2/ordinal-filtered-map", "6.1.2.2", CONF_MUST,
     "an ordinal filtered cost map ranks the numerical one for the same PIDs",
     "This mode indicates that the cost values in a cost map represent ranking (relative to all "
     "other values in a cost map), not actual costs.  The values are non-negative integers, with a "
     "lower value indicating a higher preference.  [6.2] If the cost mode is ordinal, the path cost of "
     "each communicating pair is relative to the m*n entries.", CONF_NEED_FCOSTMAP, r7285_ordinal_filtered_map},
    {"rfc7285/6.1.2.2/ordinal-ecs", "6.1.2.2", CONF_MUST,
     "ordinal endpoint costs rank the numerical ones across all m*n entries",
     "This mode indicates that the cost values in a cost map represent ranking (relative to all "
     "other values in a cost map), not actual costs.  The values are non-negative integers, with a "
     "lower value indicating a higher preference.  [6.2] If the cost mode is ordinal, the path cost of "
     "each communicating pair is relative to the m*n entries."  "  [11.5] In particular, this service allows lists of endpoint prefixes (and addresses, as a "
     "special case) to be ranked (ordered) by an ALTO server.", CONF_NEED_ECS, r7285_ordinal_ecs},
    {"rfc7285/8.3.3/content-type", "8.3.3", CONF_MUST,
     "every response names its media type in Content-Type",
     "The ALTO server MUST indicate the type of its response using a media type (i.e., the "
     "Content-Type HTTP header of the response).", 0, r7285_content_type},
    {"rfc7285/8.3.7/unknown-fields-ignored", "8.3.7", CONF_MUST,
     "unknown request members are ignored",
     "Extensions may include additional fields within JSON objects defined in this document.  ALTO "
     "implementations MUST ignore unknown fields when processing ALTO messages.", POST, r7285_unknown_fields_ignored},
    {"rfc7285/8.4/json-encoding", "8.4", CONF_MUST,
     "responses are JSON objects with a meta object",
     "this document defines the base type of each ALTO server response as ResponseEntityBase: "
     "object { ResponseMeta meta; } ResponseEntityBase;", 0, r7285_json_encoding},
    {"rfc7285/8.5/error-status", "8.5", CONF_MUST,
     "errors carry a 4xx HTTP status",
     "With or without additional ALTO-layer error information, an ALTO server MUST set an "
     "appropriate HTTP status code.", POST, r7285_error_status},
    {"rfc7285/8.5.1/error-media-type", "8.5.1", CONF_MUST,
     "error bodies are application/alto-error+json",
     "The media type for an ALTO error response is \"application/alto-error+json\".", POST, r7285_error_media_type},
    {"rfc7285/8.5.2/e-syntax", "8.5.2", CONF_MUST,
     "a malformed JSON body gives E_SYNTAX",
     "If an ALTO server encounters an error while processing a request, the ALTO server SHOULD return "
     "additional ALTO-layer information, if it is available, in the form of an ALTO error resource "
     "encoded in the HTTP response' entity body.  If no ALTO-layer information is available, an ALTO "
     "server may omit the ALTO error resource from the response.  [8.5.2] "
     "An ALTO error response MUST include a field named \"code\" in the \"meta\" field of the "
     "response.  The value MUST be an ALTO error code, encoded in string, defined in Table 1.  "
     "[Table 1: E_SYNTAX: Parsing error in request (including identifiers)]", POST, r7285_e_syntax},
    {"rfc7285/8.5.2/e-missing-field", "8.5.2", CONF_MUST,
     "a missing required member gives E_MISSING_FIELD",
     "If an ALTO server encounters an error while processing a request, the ALTO server SHOULD return "
     "additional ALTO-layer information, if it is available, in the form of an ALTO error resource "
     "encoded in the HTTP response' entity body.  If no ALTO-layer information is available, an ALTO "
     "server may omit the ALTO error resource from the response.  [8.5.2] "
     "The value MUST be an ALTO error code, encoded in string, defined in Table 1.  "
     "[Table 1: E_MISSING_FIELD: A required JSON field is missing]", POST, r7285_e_missing_field},
    {"rfc7285/8.5.2/e-invalid-field-type", "8.5.2", CONF_MUST,
     "a member of the wrong JSON type gives E_INVALID_FIELD_TYPE",
     "If an ALTO server encounters an error while processing a request, the ALTO server SHOULD return "
     "additional ALTO-layer information, if it is available, in the form of an ALTO error resource "
     "encoded in the HTTP response' entity body.  If no ALTO-layer information is available, an ALTO "
     "server may omit the ALTO error resource from the response.  [8.5.2] "
     "The value MUST be an ALTO error code, encoded in string, defined in Table 1.  "
     "[Table 1: E_INVALID_FIELD_TYPE: The type of the value of a JSON field is invalid]", POST, r7285_e_invalid_field_type},
    {"rfc7285/8.5.2/e-invalid-field-value", "8.5.2", CONF_MUST,
     "an invalid value (bad cost mode, unsupported property, non-string array element) gives E_INVALID_FIELD_VALUE",
     "If an ALTO server encounters an error while processing a request, the ALTO server SHOULD return "
     "additional ALTO-layer information, if it is available, in the form of an ALTO error resource "
     "encoded in the HTTP response' entity body.  If no ALTO-layer information is available, an ALTO "
     "server may omit the ALTO error resource from the response.  [8.5.2] "
     "The value MUST be an ALTO error code, encoded in string, defined in Table 1.  [Table 1: "
     "E_INVALID_FIELD_VALUE: The value of a JSON field is invalid]  An array element of the wrong "
     "type (e.g., a number in what is supposed to be an array of strings) is an invalid value "
     "error, not an invalid type error.", POST, r7285_e_invalid_field_value},
    {"rfc7285/8.5.2/error-meta", "8.5.2", CONF_MUST,
     "error meta: a registered code; \"value\" only with \"field\", as a string",
     "An ALTO error response MUST include a field named \"code\" in the \"meta\" field of the "
     "response. [...] If the \"value\" field is specified, the \"field\" field MUST be specified.  "
     "The \"value\" field MUST have a JSONString value.", POST, r7285_error_meta},
    {"rfc7285/8.5.2/field-value", "8.5.2", CONF_SHOULD,
     "an error's \"field\" (and \"value\") name the offending member",
     "For an E_MISSING_FIELD error, the server may include an optional field named \"field\" in the \"meta\" "
     "field of the error response, to indicate the missing field.  [...] If the invalid value is a subfield, the "
     "server must set the \"field\" key to the full path of the field name and \"value\" to the invalid "
     "subfield value, converting it to a string if needed.  [...] If an element of a JSON array has an invalid "
     "value, the server sets \"value\" to the value of the invalid element, as a string, and \"field\" to the "
     "name of the array.", POST, r7285_field_value},
    {"rfc7285/9.1.1/unique-resource-ids", "9.1.1", CONF_MUST,
     "resource ids are unique in the IRD closure",
     "Each information resource that an ALTO client can request MUST be assigned a resource ID "
     "attribute that is unique amongst all information resources in the information resource "
     "closure of the client.", 0, r7285_unique_resource_ids},
    {"rfc7285/9.2/ird-get", "9.2", CONF_MUST,
     "the IRD is available via GET as a JSON object",
     "An ALTO server MUST make one information resource directory available via the HTTP GET "
     "method to a URI discoverable by an ALTO client.", 0, r7285_ird_get},
    {"rfc7285/9.2.1/media-type", "9.2.1", CONF_MUST,
     "IRDs are application/alto-directory+json",
     "The media type to indicate an information resource directory is "
     "\"application/alto-directory+json\".", 0, r7285_ird_media_type},
    {"rfc7285/9.2.2/resource-entries", "9.2.2", CONF_MUST,
     "each resource entry has uri and media-type strings; accepts, capabilities, uses well-typed",
     "object { JSONString uri; JSONString media-type; [JSONString accepts;] [Capabilities "
     "capabilities;] [ResourceID uses<0..*>;] } IRDResourceEntry;", 0, r7285_resource_entries},
    {"rfc7285/9.2.2/default-network-map", "9.2.2", CONF_MUST,
     "root IRD meta names a GET network map as default-alto-network-map",
     "For a Root IRD, \"meta\" MUST include a field named \"default-alto-network-map\", which value "
     "specifies the resource ID of an ALTO network map.", 0, r7285_default_network_map},
    {"rfc7285/9.2.2/relative-uris", "9.2.2", CONF_MUST,
     "resource URIs resolve against the IRD URI to http(s) URIs",
     "URIs can be relative to the URI of the IRD and MUST be resolved according to Section 5 of "
     "[RFC3986].", 0, r7285_relative_uris},
    {"rfc7285/9.2.2/uses-defined", "9.2.2", CONF_MUST,
     "every id in \"uses\" is a resource of the IRD",
     "uses: A list of resource IDs, defined in the same IRD, that define the resources on which "
     "this resource directly depends.", 0, r7285_uses_defined},
    {"rfc7285/9.2.2/get-resources", "9.2.2", CONF_MUST,
     "entries without accepts answer GET",
     "If an entry has an empty list for \"accepts\", then the corresponding URI MUST support GET "
     "requests.", 0, r7285_get_resources},
    {"rfc7285/9.2.2/get-post-entries", "9.2.2", CONF_MUST,
     "a URI answering both GET and POST has an IRD entry for each",
     "If an entry has an empty list for \"accepts\", then the corresponding URI MUST support GET requests.  If "
     "an entry has a non-empty \"accepts\", then the corresponding URI MUST support POST requests.  If an ALTO "
     "server wishes to support both GET and POST on a single URI, it MUST specify two entries in the "
     "information resource directory.", 0, r7285_get_post_entries},
    {"rfc7285/9.2.2/uses-network-map", "9.2.2", CONF_SHOULD,
     "cost maps and filtered maps list their network map in uses",
     "An ALTO server SHOULD include in this list any resources that the ALTO client would need to "
     "retrieve in order to interpret the contents of this resource.  For example, an ALTO cost map "
     "resource should include in this list the network map on which it depends.", 0, r7285_uses_network_map},
    {"rfc7285/9.2.2/delegated-ird", "9.2.2", CONF_MUST,
     "delegated IRDs answer as IRDs",
     "A value of \"application/alto-directory+json\" indicates that the response for a request to "
     "the URI will be an information resource directory defining additional information resources "
     "in the information resource closure.", CONF_NEED_DELEGATED, r7285_delegated_ird},
    {"rfc7285/10.1/pid-names", "10.1", CONF_MUST,
     "PID names: <= 64 characters of [A-Za-z0-9-:@_], no '.'",
     "The string MUST be no more than 64 characters, and it MUST NOT contain characters other than "
     "US-ASCII alphanumeric characters [...], the hyphen ('-', U+002D), the colon (':', U+003A), "
     "the at sign ('@', code point U+0040), the low line ('_', U+005F), or the '.' separator "
     "(U+002E).  The '.' separator is reserved for future use and MUST NOT be used unless "
     "specifically indicated in this document, or an extension document.", CONF_NEED_NETMAP, r7285_pid_names},
    {"rfc7285/10.2/resource-ids", "10.2", CONF_MUST,
     "resource ids have the PIDName syntax",
     "A resource ID is encoded as a JSON string with the same format as that of the type PIDName.",
     0, r7285_resource_ids},
    {"rfc7285/10.3/vtag-tag", "10.3", CONF_MUST,
     "vtag tags: <= 64 characters in U+0021..U+007E",
     "A string representing the \"tag\" field MUST be no more than 64 characters, and it MUST NOT "
     "contain any character below U+0021 or above U+007E.", CONF_NEED_NETMAP, r7285_vtag_tag},
    {"rfc7285/10.4.2/registered-address-types", "10.4.2", CONF_MUST,
     "only registered address types (ipv4, ipv6)",
     "All AddressType identifiers appearing in an HTTP request or response with an "
     "\"application/alto-*\" media type MUST be registered in the \"ALTO Address Type Registry\" (see Section "
     "14.4).",
     CONF_NEED_NETMAP, r7285_registered_address_types},
    {"rfc7285/10.4.4/prefixes", "10.4.4", CONF_MUST,
     "prefixes are CIDR (RFC 4632) / RFC 5952 prefixes of their family",
     "IPv4 endpoint prefixes are encoded as specified in Section 3.1 of [RFC4632].  [...]  IPv6 "
     "endpoint prefixes are encoded as specified in Section 7 of [RFC5952].", CONF_NEED_NETMAP, r7285_prefixes},
    {"rfc7285/10.7/cost-types", "10.7", CONF_MUST,
     "IRD cost types: valid cost-metric and cost-mode, string description",
     "object { CostMetric cost-metric; CostMode cost-mode; [JSONString description;] } CostType;  "
     "[10.5, as updated by RFC 9274] The string MUST be no more than 32 characters [...]  the cost "
     "mode MUST have a value that is listed in the registry [numerical, ordinal, array].  [10.6] The "
     "string MUST be no more than 32 characters [...]  The \"description\" field, if present, MUST "
     "provide a string value", 0, r7285_ird_cost_types},
    {"rfc7285/10.8.2/property-names", "10.8.2", CONF_MUST,
     "endpoint property names: <= 32 characters of [A-Za-z0-9-:_], \"priv:\" alone invalid",
     "The string MUST be no more than 32 characters, and it MUST NOT contain characters other than US-ASCII "
     "alphanumeric characters [...] the hyphen ('-', U+002D), the colon (':', U+003A), or the low line ('_', "
     "U+005F).  [...] For an endpoint property identifier with the \"priv:\" prefix, an additional string "
     "(e.g., company identifier or random string) MUST follow (i.e., \"priv:\" only is not a valid endpoint "
     "property identifier) to reduce potential collisions.  [10.8.1] The name of resource-specific endpoint "
     "property MUST follow this format: a resource ID, followed by the '.' separator (U+002E), followed by a "
     "name obeying the same rules as for global endpoint property names (Section 10.8.2).",
     CONF_NEED_EPROP, r7285_property_names},
    {"rfc7285/11.2.1/network-map-provided", "11.2.1", CONF_MUST,
     "at least one network map",
     "An ALTO server MUST provide at least one network map.", 0, r7285_network_map_provided},
    {"rfc7285/11.2.1.1/media-type", "11.2.1.1", CONF_MUST,
     "network maps are application/alto-networkmap+json",
     "The media type of ALTO network maps is \"application/alto-networkmap+json\".",
     CONF_NEED_NETMAP, r7285_netmap_media_type},
    {"rfc7285/11.2.1.6/vtag", "11.2.1.6", CONF_MUST,
     "network map meta has a vtag {resource-id, tag}",
     "The \"meta\" field of an ALTO network map response MUST include the \"vtag\" field, which "
     "provides the version tag of the retrieved network map.", CONF_NEED_NETMAP, r7285_netmap_vtag},
    {"rfc7285/11.2.1.6/vtag-resource-id", "11.2.1.6", CONF_MUST,
     "the vtag's resource-id is the map's id in the IRD",
     "the \"resource-id\" field provides the resource ID of a resource (e.g., a network map) "
     "defined in the information resource directory", CONF_NEED_NETMAP, r7285_vtag_resource_id},
    {"rfc7285/11.2.2/completeness", "11.2.2", CONF_MUST,
     "every address of each family in the map belongs to a PID",
     "First, such a network map MUST define a PID for each possible address in the IP address "
     "space for all of the address types contained in the map.", CONF_NEED_NETMAP, r7285_completeness},
    {"rfc7285/11.2.2/non-overlapping", "11.2.2", CONF_MUST_NOT,
     "no identical prefix in two PIDs",
     "Second, such a network map MUST NOT define two or more PIDs that contain an identical IP "
     "prefix", CONF_NEED_NETMAP, r7285_non_overlapping},
    {"rfc7285/11.2.2/pid-lpm", "11.2.2", CONF_MUST,
     "the endpoint \"pid\" property is the longest-prefix match on the network map",
     "when either an ALTO client or an ALTO server needs to compute the mapping from IP addresses "
     "to PIDs, the longest-prefix matching algorithm (Longest Match in Section 5.2.4.3 of "
     "[RFC1812]) MUST be used.", CONF_NEED_EPROP | CONF_NEED_NETMAP, r7285_pid_lpm},
    {"rfc7285/11.2.3/routingcost", "11.2.3", CONF_MUST,
     "a cost map for the routingcost metric",
     "This resource MUST be provided for at least the \"routingcost\" cost metric.", 0, r7285_routingcost},
    {"rfc7285/11.2.3.1/media-type", "11.2.3.1", CONF_MUST,
     "cost maps are application/alto-costmap+json",
     "The media type of ALTO cost maps is \"application/alto-costmap+json\".", CONF_NEED_COSTMAP, r7285_costmap_media_type},
    {"rfc7285/11.2.3.4/cost-type-names-defined", "11.2.3.4", CONF_MUST,
     "cost-type-names are defined in the IRD's meta.cost-types",
     "the array MUST include a single CostType name defined by the \"cost-types\" field in the "
     "\"meta\" field of the IRD.", 0, r7285_cost_type_names_defined},
    {"rfc7285/11.2.3.4/single-cost-type", "11.2.3.4", CONF_MUST,
     "a GET cost map names exactly one cost type",
     "object { JSONString cost-type-names<1..1>; } CostMapCapabilities;  [...] Note that the array "
     "MUST include a single CostType name", CONF_NEED_COSTMAP, r7285_single_cost_type},
    {"rfc7285/11.2.3.5/unique-key", "11.2.3.5", CONF_MUST_NOT,
     "no two cost maps with the same cost type and network map",
     "an ALTO server MUST NOT define two cost maps with the same cost type / network map pair.",
     CONF_NEED_COSTMAP, r7285_unique_key},
    {"rfc7285/11.2.3.6/dependent-vtags", "11.2.3.6", CONF_MUST,
     "dependent-vtags is the single vtag of the network map in uses",
     "The \"meta\" field of a cost map response MUST include the \"dependent-vtags\" field, whose "
     "value is a single-element array to indicate the version tag of the network map used, where "
     "the network map is specified in \"uses\" of the IRD.", CONF_NEED_COSTMAP, r7285_costmap_dependent_vtags},
    {"rfc7285/11.2.3.6/cost-type", "11.2.3.6", CONF_MUST,
     "meta.cost-type is the IRD's cost type of the map",
     "The \"meta\" MUST also include the \"cost-type\" field, whose value indicates the cost type "
     "(Section 10.7) of the cost map.", CONF_NEED_COSTMAP, r7285_costmap_cost_type},
    {"rfc7285/11.2.3.6/pids-defined", "11.2.3.6", CONF_MUST,
     "every source and destination is a PID of the network map",
     "An ALTO cost map resource lists the path cost for each pair of source/destination PIDs "
     "defined by the ALTO server [...] The returned network map MUST include all PIDs known to the "
     "ALTO server.", CONF_NEED_COSTMAP | CONF_NEED_NETMAP, r7285_pids_defined},
    {"rfc7285/11.2.3.6/numbers", "11.2.3.6", CONF_MUST,
     "cost values are JSON numbers",
     "An implementation of the protocol in this document SHOULD assume that the cost is a "
     "JSONNumber and fail to parse if it is not [...]  [6.1.2.1] The values are floating-point "
     "numbers.", CONF_NEED_COSTMAP, r7285_numbers},
    {"rfc7285/11.3.1.1/media-type", "11.3.1.1", CONF_MUST,
     "filtered network maps are application/alto-networkmap+json",
     "Since a filtered ALTO network map is still an ALTO network map, it uses the media type "
     "defined for ALTO network maps", CONF_NEED_FNETMAP, r7285_fnm_media_type},
    {"rfc7285/11.3.1.3/empty-pids", "11.3.1.3", CONF_MUST,
     "an empty pids list means all PIDs",
     "If the list of PIDs is empty, the ALTO server MUST interpret the list as if it contained a "
     "list of all currently defined PIDs.", CONF_NEED_FNETMAP, r7285_fnm_empty_pids},
    {"rfc7285/11.3.1.3/duplicate-pids", "11.3.1.3", CONF_MUST,
     "duplicated PIDs count once",
     "The ALTO server MUST interpret entries appearing multiple times as if they appeared only once.",
     CONF_NEED_FNETMAP, r7285_fnm_duplicate_pids},
    {"rfc7285/11.3.1.3/empty-address-types", "11.3.1.3", CONF_MUST,
     "an empty address-types list means all types",
     "If the \"address-types\" field is not specified, or the list of address types is empty, the "
     "ALTO server MUST interpret the list as if it contained a list of all address types known to "
     "the ALTO server.", CONF_NEED_FNETMAP, r7285_empty_address_types},
    {"rfc7285/11.3.1.3/duplicate-address-types", "11.3.1.3", CONF_MUST,
     "duplicated address types count once",
     "address-types:  Specifies a list of address types to be included in the returned filtered network map.  "
     "[...] The ALTO server MUST interpret entries appearing multiple times as if they appeared only once.",
     CONF_NEED_FNETMAP, r7285_duplicate_address_types},
    {"rfc7285/11.3.1.6/only-requested-pids", "11.3.1.6", CONF_MUST,
     "only the requested PIDs are returned",
     "The ALTO server MUST only include PIDs in the response that were specified (implicitly or "
     "explicitly) in the request.", CONF_NEED_FNETMAP, r7285_only_requested_pids},
    {"rfc7285/11.3.1.6/unknown-pids", "11.3.1.6", CONF_MUST,
     "undefined PIDs in the request are ignored",
     "If the input parameters contain a PID name that is not currently defined by the ALTO server, "
     "the ALTO server MUST behave as if the PID did not appear in the input parameters.",
     CONF_NEED_FNETMAP, r7285_fnm_unknown_pids},
    {"rfc7285/11.3.1.6/address-types", "11.3.1.6", CONF_MUST,
     "only addresses of the requested types are returned",
     "the ALTO server MUST only enumerate addresses within each PID that have types specified "
     "(implicitly or explicitly) in the request.", CONF_NEED_FNETMAP, r7285_address_types},
    {"rfc7285/11.3.1.6/unknown-address-types", "11.3.1.6", CONF_MUST,
     "unknown address types in the request are ignored",
     "If the input parameters contain an address type that is not currently known to the ALTO "
     "server, the ALTO server MUST behave as if the address type did not appear in the input "
     "parameters.", CONF_NEED_FNETMAP, r7285_unknown_address_types},
    {"rfc7285/11.3.1.6/vtag", "11.3.1.6", CONF_MUST,
     "the vtag is the full network map's vtag",
     "The version tag included in the \"vtag\" field of the response MUST correspond to the full "
     "(unfiltered) network map information resource from which the filtered information is "
     "provided.", CONF_NEED_FNETMAP, r7285_fnm_vtag},
    {"rfc7285/11.3.1.6/agrees-with-full-map", "11.3.1.6", CONF_MUST,
     "filtered PIDs have the full map's prefixes",
     "The format is the same as unfiltered network maps. [...] the ALTO server MUST only enumerate "
     "addresses within each PID that have types specified", CONF_NEED_FNETMAP, r7285_fnm_agrees_with_full_map},
    {"rfc7285/11.3.2.1/media-type", "11.3.2.1", CONF_MUST,
     "filtered cost maps are application/alto-costmap+json",
     "Since a filtered ALTO cost map is still an ALTO cost map, it uses the media type defined for "
     "ALTO cost maps", CONF_NEED_FCOSTMAP, r7285_fcm_media_type},
    {"rfc7285/11.3.2.3/cost-types", "11.3.2.3", CONF_MUST,
     "every advertised cost type is accepted and echoed in meta.cost-type",
     "The \"cost-metric\" and \"cost-mode\" fields MUST match one of the supported cost types "
     "indicated in this resource's \"capabilities\" field", CONF_NEED_FCOSTMAP, r7285_fcm_cost_types},
    {"rfc7285/11.3.2.3/description-ignored", "11.3.2.3", CONF_MUST,
     "a description in the requested cost type is ignored",
     "The ALTO client SHOULD omit the \"description\" field, and if present, the ALTO server MUST "
     "ignore the \"description\" field.", CONF_NEED_FCOSTMAP, r7285_fcm_description_ignored},
    {"rfc7285/11.3.2.3/constraint-gt", "11.3.2.3", CONF_MUST,
     "constraint \"gt\" honoured",
     "A constraint contains two entities separated by whitespace: (1) an operator, \"gt\" for "
     "greater than [...] [11.3.2.6] If any constraints are specified, source/destination pairs for "
     "which the path costs do not meet the constraints MUST NOT be included in the returned cost map.",
     CONF_NEED_FCOST_CONSTR, r7285_constraint_gt},
    {"rfc7285/11.3.2.3/constraint-lt", "11.3.2.3", CONF_MUST,
     "constraint \"lt\" honoured",
     "\"lt\" for less than [...] pairs for which the path costs do not meet the constraints MUST "
     "NOT be included in the returned cost map.", CONF_NEED_FCOST_CONSTR, r7285_constraint_lt},
    {"rfc7285/11.3.2.3/constraint-ge", "11.3.2.3", CONF_MUST,
     "constraint \"ge\" honoured",
     "\"ge\" for greater than or equal to [...] pairs for which the path costs do not meet the "
     "constraints MUST NOT be included in the returned cost map.", CONF_NEED_FCOST_CONSTR, r7285_constraint_ge},
    {"rfc7285/11.3.2.3/constraint-le", "11.3.2.3", CONF_MUST,
     "constraint \"le\" honoured",
     "\"le\" for less than or equal to [...] pairs for which the path costs do not meet the "
     "constraints MUST NOT be included in the returned cost map.", CONF_NEED_FCOST_CONSTR, r7285_constraint_le},
    {"rfc7285/11.3.2.3/constraint-eq", "11.3.2.3", CONF_MUST,
     "constraint \"eq\" honoured",
     "\"eq\" for equal to [...] pairs for which the path costs do not meet the constraints MUST "
     "NOT be included in the returned cost map.", CONF_NEED_FCOST_CONSTR, r7285_constraint_eq},
    {"rfc7285/11.3.2.3/constraints-and", "11.3.2.3", CONF_MUST,
     "several constraints combine with AND",
     "If multiple \"constraint\" parameters are specified, they are interpreted as being related to "
     "each other with a logical AND.", CONF_NEED_FCOST_CONSTR, r7285_constraints_and},
    {"rfc7285/11.3.2.3/empty-pids", "11.3.2.3", CONF_MUST,
     "empty srcs/dsts mean all PIDs",
     "If a list is empty, the ALTO server MUST interpret it as the full set of currently defined PIDs.",
     CONF_NEED_FCOSTMAP, r7285_fcm_empty_pids},
    {"rfc7285/11.3.2.3/absent-pids", "11.3.2.3", CONF_MUST,
     "no pids member means all PIDs",
     "If the \"pids\" field is not present, both lists MUST be interpreted by the ALTO server as "
     "containing the full set of currently defined PIDs.", CONF_NEED_FCOSTMAP, r7285_absent_pids},
    {"rfc7285/11.3.2.3/duplicate-pids", "11.3.2.3", CONF_MUST,
     "duplicated PIDs count once",
     "The ALTO server MUST interpret entries appearing in a list multiple times as if they appeared "
     "only once.", CONF_NEED_FCOSTMAP, r7285_fcm_duplicate_pids},
    {"rfc7285/11.3.2.4/capabilities", "11.3.2.4", CONF_MUST,
     "capabilities are well-typed (cost-type-names, cost-constraints, prop-types)",
     "object { JSONString cost-type-names<1..*>; JSONBool cost-constraints; } "
     "FilteredCostMapCapabilities;  [11.4.1.4] object { EndpointPropertyType prop-types<1..*>; } "
     "EndpointPropertyCapabilities;", 0, r7285_capabilities},
    {"rfc7285/11.3.2.6/dependent-vtags", "11.3.2.6", CONF_MUST,
     "dependent-vtags is the single vtag of the network map",
     "The \"dependent-vtags\" field in the \"meta\" field provides an array consisting of a single "
     "element, which is the version tag of the network map used in filtering.", CONF_NEED_FCOSTMAP, r7285_fcm_dependent_vtags},
    {"rfc7285/11.3.2.6/only-requested-pairs", "11.3.2.6", CONF_MUST,
     "only requested source/destination pairs are returned",
     "The returned cost map MUST contain only source/destination pairs that have been indicated "
     "(implicitly or explicitly) in the input parameters.", CONF_NEED_FCOSTMAP, r7285_only_requested_pairs},
    {"rfc7285/11.3.2.6/unknown-pids", "11.3.2.6", CONF_MUST,
     "undefined PIDs in the request are ignored",
     "If the input parameters contain a PID name that is not currently defined by the ALTO server, "
     "the ALTO server MUST behave as if the PID did not appear in the input parameters.",
     CONF_NEED_FCOSTMAP, r7285_fcm_unknown_pids},
    {"rfc7285/11.3.2.6/agrees-with-full-map", "11.3.2.6", CONF_MUST,
     "filtered costs equal the full cost map of the same type",
     "The format is the same as an unfiltered ALTO cost map. [...] The returned cost map MUST "
     "include the path cost for each (source PID, destination PID) pair for which a path cost is "
     "defined.", CONF_NEED_FCOSTMAP | CONF_NEED_COSTMAP, r7285_fcm_agrees_with_full_map},
    {"rfc7285/11.4.1.1/media-type", "11.4.1.1", CONF_MUST,
     "endpoint properties are application/alto-endpointprop+json",
     "The media type of an endpoint property resource is \"application/alto-endpointprop+json\".",
     CONF_NEED_EPROP, r7285_eprop_media_type},
    {"rfc7285/11.4.1.3/duplicates", "11.4.1.3", CONF_MUST,
     "duplicated properties and endpoints count once",
     "The ALTO server MUST interpret entries appearing multiple times as if they appeared only once.",
     CONF_NEED_EPROP, r7285_eprop_duplicates},
    {"rfc7285/11.4.1.4/pid-property", "11.4.1.4", CONF_MUST,
     "\"<network map>.pid\" is offered for every network map",
     "In particular, the information resource closure MUST provide the lookup of pid for every ALTO "
     "network map defined.", CONF_NEED_EPROP, r7285_pid_property},
    {"rfc7285/11.4.1.6/dependent-vtags", "11.4.1.6", CONF_MUST,
     "dependent-vtags has the vtag of each network map whose pid was queried",
     "The \"dependent-vtags\" field in the \"meta\" field of the response MUST be an array that "
     "includes the version tags of all ALTO network maps whose \"pid\" is queried.",
     CONF_NEED_EPROP, r7285_eprop_dependent_vtags},
    {"rfc7285/11.4.1.6/endpoints", "11.4.1.6", CONF_MUST,
     "one member per requested endpoint, keyed by TypedEndpointAddr",
     "an EndpointPropertyMapData object has one member for each endpoint indicated in the input "
     "parameters (with the name being the endpoint encoded as a TypedEndpointAddr).",
     CONF_NEED_EPROP, r7285_endpoints},
    {"rfc7285/11.5.1.1/media-type", "11.5.1.1", CONF_MUST,
     "endpoint costs are application/alto-endpointcost+json",
     "The media type of the endpoint cost resource is \"application/alto-endpointcost+json\".",
     CONF_NEED_ECS, r7285_ecs_media_type},
    {"rfc7285/11.5.1.3/cost-mode", "11.5.1.3", CONF_MUST,
     "the requested cost mode is honoured (ordinal: non-negative integers)",
     "cost-type: The cost type (Section 10.7) to use for returned costs.  The \"cost-metric\" and "
     "\"cost-mode\" fields MUST match one of the supported cost types indicated in this resource's "
     "\"capabilities\" fields", CONF_NEED_ECS, r7285_cost_mode},
    {"rfc7285/11.5.1.3/constraints", "11.5.1.3", CONF_MUST,
     "constraints honoured by the endpoint cost service",
     "constraints: Defined equivalently to the \"constraints\" input parameter of a filtered cost map",
     CONF_NEED_ECS_CONSTR, r7285_constraints},
    {"rfc7285/11.5.1.3/duplicates", "11.5.1.3", CONF_MUST,
     "duplicated endpoints count once",
     "The ALTO server MUST interpret entries appearing multiple times in a list as if they appeared "
     "only once.", CONF_NEED_ECS, r7285_ecs_duplicates},
    {"rfc7285/11.5.1.3/empty-list-client", "11.5.1.3", CONF_MUST,
     "an empty srcs or dsts list means the client's own address",
     "If the list of source or destination endpoints is empty (or not included), the ALTO server MUST "
     "interpret it as if it contained the endpoint address corresponding to the client IP address from the "
     "incoming connection (see Section 13.3 for discussion and considerations regarding this mode).",
     CONF_NEED_ECS, r7285_empty_list_client},
    {"rfc7285/11.5.1.3/description-ignored", "11.5.1.3", CONF_MUST,
     "a description in the requested cost type is ignored",
     "The ALTO client SHOULD omit the \"description\" field, and if present, the ALTO server MUST ignore the "
     "\"description\" field.", CONF_NEED_ECS, r7285_ecs_description_ignored},
    {"rfc7285/11.5.1.5/no-uses", "11.5.1.5", CONF_MUST_NOT,
     "the endpoint cost service has no uses",
     "ECS MUST NOT specify the \"use\" field to indicate a network or cost map.", CONF_NEED_ECS, r7285_no_uses},
    {"rfc7285/11.5.1.6/cost-type", "11.5.1.6", CONF_MUST,
     "meta.cost-type is the requested cost type",
     "The \"meta\" field of an endpoint cost response MUST include the \"cost-type\" field, to "
     "indicate the cost type used.", CONF_NEED_ECS, r7285_ecs_cost_type},
    {"rfc7285/11.5.1.6/typed-addresses", "11.5.1.6", CONF_MUST,
     "sources and destinations are TypedEndpointAddr strings",
     "object-map { TypedEndpointAddr -> EndpointDstCosts; } EndpointCostMapData;  object-map { "
     "TypedEndpointAddr -> JSONValue; } EndpointDstCosts;", CONF_NEED_ECS, r7285_typed_addresses},
    {"rfc7285/11.5.1.6/only-requested", "11.5.1.6", CONF_MUST,
     "only requested endpoints appear",
     "each key representing a TypedEndpointAddr string identifying the source endpoint specified in "
     "the input parameters.  For each source endpoint, an EndpointDstCosts dictionary map object "
     "denotes the associated cost to each destination endpoint specified in input parameters.",
     CONF_NEED_ECS, r7285_only_requested},
    {"rfc7285/11.5.1.6/row-per-source", "11.5.1.6", CONF_MUST,
     "several sources get one row each, the row each gets alone",
     "each key representing a TypedEndpointAddr string identifying the source endpoint specified in the "
     "input parameters.  For each source endpoint, an EndpointDstCosts dictionary map object denotes the "
     "associated cost to each destination endpoint specified in input parameters.", CONF_NEED_ECS, r7285_row_per_source},
};

const conf_suite conf_suite_rfc7285 = {
    "rfc7285", "RFC 7285: ALTO Protocol", rfc7285_cases,
    sizeof rfc7285_cases / sizeof *rfc7285_cases,
};
