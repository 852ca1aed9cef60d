/* suite.c: the RFC 9240 (unified property map) suite, one row per
 * wire-testable requirement, in section order.  Rows judge every property
 * map of the IRD closure (application/alto-propmap+json; GET full maps,
 * POST filtered ones), including the ".ane" maps an RFC 9275 server
 * offers; the property maps inside RFC 9275 multipart answers are the
 * rfc9275 suite's.  scenarios/conformance/rfc9240-requirements.yaml lists
 * every normative statement (testable or not) against these ids.  Opt-in:
 * `conform --suite rfc9240` (the reference server then serves its entity
 * property maps). */
#include "rfc9240.h"

#define PM CONF_NEED_PROPMAP
#define FPM CONF_NEED_FPROPMAP

static const conf_want get_propmap = {CONF_SVC_PROPMAP, NULL, M92_PROPMAP};
static const conf_want post_propmap = {CONF_SVC_FPROPMAP, r92_body_all, M92_PROPMAP};

static const conf_case rfc9240_cases[] = {
    {.id = "rfc9240/5.1.3/entity-ids", .section = "5.1.3", .level = CONF_MUST,
     .title = "every entity in an answer is an EntityID valid for its domain type",
     .requirement = "EntityID ::= EntityDomainName ':' DomainSpecificEntityID [6.1.1.2] Individual addresses are strings as specified by the IPv4address rule in Section 3.2.2 of [RFC3986]; hierarchical addresses are strings as specified by the prefix notation in Section 3.1 of [RFC4632]. [6.2.2] The entity identifiers are the PID names of the associated network map.",
     .run = r9240_entity_ids},
    {.id = "rfc9240/6.1.3/inheritance", .section = "6.1.3", .level = CONF_MUST,
     .title = "an address inside a prefix gets the longest prefix's value (filtered vs reference map)",
     .requirement = "If more than one such hierarchical addresses define a value for P, I inherits the value of P in the hierarchical address with the longest prefix. [...] then C MUST inherit the property P from the C' having the longest prefix length.",
     .needs = FPM, .run = r9240_inheritance},
    {.id = "rfc9240/7.1/media-type", .section = "7.1", .level = CONF_MUST,
     .title = "a property map answers application/alto-propmap+json",
     .requirement = "The media type of a property map is \"application/alto-propmap+json\".",
     .needs = PM, .expect = &get_propmap},
    {.id = "rfc9240/7.4/mappings", .section = "7.4", .level = CONF_MUST,
     .title = "capabilities.mappings: valid entity domain names to non-empty lists of property names",
     .requirement = "mappings: A JSON object whose keys are names of entity domains and values are the supported entity properties of the corresponding entity domains. [EntityDomainName -> EntityPropertyName<1..*>; 5.1.1: MUST be no more than 64 characters; 5.2.1: MUST be no more than 32 characters]",
     .run = r9240_mappings},
    {.id = "rfc9240/7.5/defining-resources", .section = "7.5", .level = CONF_MUST,
     .title = "resource-specific domains and pid properties name a network map in \"uses\"",
     .requirement = "This array identifies the defining information resources associated with the resource-specific entity domains and properties that are indicated in this resource. [6.2.4] the defining information resource for entity domain type \"pid\" MUST be a network map. [8.7] The defining information resource for property type MUST be a network map.",
     .run = r9240_defining_resources},
    {.id = "rfc9240/7.6/mapped-properties", .section = "7.6", .level = CONF_MUST,
     .title = "answers hold only domains and properties the IRD maps",
     .requirement = "If the entity is in a resource-specific entity domain, the ALTO server MUST only return self-defined properties and resource-specific properties that depend on the same resource as the entity does. [8.3] The domain of each entity MUST be included in the list of entity domains in this resource's \"capabilities\" field.",
     .run = r9240_mapped_properties},
    {.id = "rfc9240/7.6/dependent-vtags", .section = "7.6", .level = CONF_MUST,
     .title = "a full map lists the current vtags of its \"uses\", in order",
     .requirement = "If the entity domains in this property map depend on other resources, the \"dependent-vtags\" field in the \"meta\" field of the response MUST be an array that includes the version tags of those resources, and the order MUST be consistent with the \"uses\" field of this property map resource.",
     .needs = PM, .run = r9240_dependent_vtags},
    {.id = "rfc9240/8.1/media-type", .section = "8.1", .level = CONF_MUST,
     .title = "a filtered property map answers application/alto-propmap+json",
     .requirement = "The media type of a property map resource is \"application/alto-propmap+json\".",
     .needs = FPM, .expect = &post_propmap},
    {.id = "rfc9240/8.3/empty-entities", .section = "8.3", .level = CONF_MUST,
     .title = "\"entities\": [] answers every entity of the full map",
     .requirement = "If the list is empty, the ALTO Server MUST interpret the list as if it contained a list of all entities currently defined in the filtered property map.",
     .needs = FPM | PM, .run = r9240_empty_entities},
    {.id = "rfc9240/8.3/properties-absent", .section = "8.3", .level = CONF_MUST,
     .title = "without \"properties\" each answered entity's value is {}",
     .requirement = "If it is absent, the Server returns a property value equal to the literal string \"{}\" for all the entity identifiers of the \"entities\" field for which at least one property is defined.",
     .needs = FPM, .run = r9240_properties_absent},
    {.id = "rfc9240/8.6/missing-entities", .section = "8.6", .level = CONF_MUST,
     .title = "a request without \"entities\": E_MISSING_FIELD",
     .requirement = "The input field \"entities\" is absent from the Client request. In this case, the Server MUST return an \"E_MISSING_FIELD\" error as defined in Section 8.5.2 of [RFC7285].",
     .needs = FPM, .run = r9240_missing_entities},
    {.id = "rfc9240/8.6/invalid-entity", .section = "8.6", .level = CONF_MUST,
     .title = "a malformed entity id (ipv4:10.0.0.300): E_INVALID_FIELD_VALUE naming it",
     .requirement = "If an entity identifier in the \"entities\" field of the request is invalid, the ALTO server MUST return an \"E_INVALID_FIELD_VALUE\" error [...] and the \"value\" field of the error message SHOULD indicate the provided invalid entity identifier. [The entity identifier is not valid for the entity domain.]",
     .needs = FPM, .run = r9240_invalid_entity},
    {.id = "rfc9240/8.6/unknown-domain", .section = "8.6", .level = CONF_MUST,
     .title = "an entity of a domain not in mappings: E_INVALID_FIELD_VALUE",
     .requirement = "The domain of this entity is not defined in the \"mappings\" capability of this resource in the IRD [...] the ALTO server MUST return an \"E_INVALID_FIELD_VALUE\" error.",
     .needs = FPM, .run = r9240_unknown_domain},
    {.id = "rfc9240/8.6/unknown-property", .section = "8.6", .level = CONF_MUST,
     .title = "a property not in the capabilities: E_INVALID_FIELD_VALUE naming it",
     .requirement = "If a property name in the \"properties\" field in the request is invalid, the ALTO server MUST return an \"E_INVALID_FIELD_VALUE\" error defined in Section 8.5.2 of [RFC7285]. The \"value\" field of the error message SHOULD indicate the property name.",
     .needs = FPM, .run = r9240_unknown_property},
    {.id = "rfc9240/8.6/valid-undefined", .section = "8.6", .level = CONF_MUST,
     .title = "a valid entity with no properties is no error",
     .requirement = "A valid entity identifier never generates an error, even if the filtered property map resource does not define any properties for it.",
     .needs = FPM, .run = r9240_valid_undefined},
    {.id = "rfc9240/8.6/filtered-dependent-vtags", .section = "8.6", .level = CONF_MUST,
     .title = "a filtered map lists the current vtags of its \"uses\", in order",
     .requirement = "If the requested entities include entities with a resource-agnostic identifier, the \"dependent-vtags\" field in its \"meta\" field MUST include version tags of all dependent resources appearing in the \"uses\" field.",
     .needs = FPM, .run = r9240_filtered_dependent_vtags},
    {.id = "rfc9240/8.6/only-requested", .section = "8.6", .level = CONF_MUST,
     .title = "a filtered answer holds only asked entities (or inside asked prefixes) and properties",
     .requirement = "The response only includes the entities and properties requested by the client.",
     .needs = FPM, .run = r9240_only_requested},
    {.id = "rfc9240/8.6/covered", .section = "8.6", .level = CONF_MUST,
     .title = "a prefix request returns the entities inside it with their own values",
     .requirement = "If there are entities covered by a requested entity but they have different values for the requested properties, the response MUST include all those entities and the different property values for them.",
     .needs = FPM, .run = r9240_covered},
    {.id = "rfc9240/8.7/pid-values", .section = "8.7", .level = CONF_MUST,
     .title = "the <netmap>.pid property of an address is its PID in that network map",
     .requirement = "This property type extends the ALTO endpoint property type \"pid\" defined in Section 7.1.1 of [RFC7285] as follows: the property has the same semantics and applies to IPv4 and IPv6 addresses.",
     .needs = FPM, .run = r9240_pid_values},
};

const conf_suite conf_suite_rfc9240 = {
    .name = "rfc9240", .title = "RFC 9240: ALTO Unified Properties",
    .cases = rfc9240_cases, .ncases = sizeof rfc9240_cases / sizeof *rfc9240_cases,
    .opt_in = 1,
};
