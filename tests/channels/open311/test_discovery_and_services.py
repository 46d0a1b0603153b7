"""Discovery, the services list and service definitions, in JSON and XML."""

from tests.channels.open311.support import BASE, W3C_WIB, assert_matches_schema, json_of, xml_of
from tests.sensitivity_support import category_sensitivity


def test_discovery_points_to_the_v2_endpoint_in_both_formats(client):
    document = json_of(client.get("/open311/discovery.json"))
    assert W3C_WIB.match(document["changeset"]) and document["contact"] and "API key" in document["key_service"]
    [endpoint] = document["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2") and endpoint["type"] == "test"
    assert endpoint["formats"] == ["text/xml", "application/json"]
    root = xml_of(client.get("/open311/discovery.xml"))
    assert root.tag == "discovery" and root.findtext("changeset") == document["changeset"]
    assert root.findtext("endpoints/endpoint/url") == endpoint["url"]
    assert [f.text for f in root.findall("endpoints/endpoint/formats/format")] == endpoint["formats"]


def test_services_offer_every_category_of_public_modules_but_no_health_data(client):
    services = json_of(client.get(f"{BASE}/services.json"))
    assert_matches_schema("services.json", services)
    codes = [service["service_code"] for service in services]
    assert {"lorong.jalan", "lorong.penerangan", "madul.waste", "madul.other"} <= set(codes)
    # e-Babhar is secret; e-Sehat's categories are all sensitive until an admin decides otherwise.
    assert not [code for code in codes if code.startswith(("babhar.", "sehat."))]
    assert len(codes) == len(set(codes)) == 4 + 12
    by_code = {service["service_code"]: service for service in services}
    assert by_code["lorong.jalan"]["service_name"] == "Jalan rusak"
    assert by_code["lorong.jalan"]["group"] == "e-Lorong" and by_code["lorong.jalan"]["type"] == "realtime"
    # metadata: the module has extra fields to ask for
    assert by_code["lorong.jalan"]["metadata"] is True
    assert by_code["madul.waste"]["metadata"] is False


def test_a_health_category_an_admin_made_public_is_offered_alone(app, client):
    with category_sensitivity(app, "sehat", "medicine", False):
        services = json_of(client.get(f"{BASE}/services.json"))
    health = {s["service_code"]: s for s in services if s["service_code"].startswith("sehat.")}
    assert list(health) == ["sehat.medicine"] and health["sehat.medicine"]["metadata"] is True
    assert client.get(f"{BASE}/services/sehat.medicine.json").status_code == 404  # sensitive again


def test_services_in_xml_carry_the_same_list(client):
    services = json_of(client.get(f"{BASE}/services.json"))
    root = xml_of(client.get(f"{BASE}/services.xml"))
    assert root.tag == "services"
    rows = [{child.tag: child.text for child in service} for service in root.findall("service")]
    assert [row["service_code"] for row in rows] == [s["service_code"] for s in services]
    assert [row["metadata"] for row in rows] == ["true" if s["metadata"] else "false" for s in services]
    assert [row["service_name"] for row in rows] == [s["service_name"] for s in services]


def test_road_service_definition_maps_extra_fields_to_attributes(client):
    definition = json_of(client.get(f"{BASE}/services/lorong.jalan.json"))
    assert_matches_schema("service-definition.json", definition)
    assert definition["service_code"] == "lorong.jalan"
    attributes = {attribute["code"]: attribute for attribute in definition["attributes"]}
    assert list(attributes) == ["desa_code", "road_name", "damage_type", "severity", "road_status"]
    assert [a["order"] for a in definition["attributes"]] == [1, 2, 3, 4, 5]
    assert attributes["road_name"]["datatype"] == "string" and attributes["road_name"]["required"] is True
    assert attributes["road_name"]["description"] == "Nama jalan atau patokan"
    severity = attributes["severity"]
    assert severity["datatype"] == "singlevaluelist" and severity["required"] is True
    assert [v["key"] for v in severity["values"]] == ["ringan", "sedang", "berat"]
    assert severity["values"][2]["name"].startswith("Berat")
    assert attributes["road_status"]["required"] is False
    desa = attributes["desa_code"]
    assert desa["required"] is True and desa["datatype"] == "singlevaluelist"
    assert {"key": "35.28.01.2001", "name": "Dabuan, Tlanakan"} in desa["values"]
    assert all(attribute["variable"] is True for attribute in definition["attributes"])


def test_health_complaint_definition_has_the_facility_list_and_a_date(app, client):
    assert client.get(f"{BASE}/services/sehat.medicine.json").status_code == 404  # sensitive by default
    with category_sensitivity(app, "sehat", "medicine", False):
        definition = json_of(client.get(f"{BASE}/services/sehat.medicine.json"))
    assert_matches_schema("service-definition.json", definition)
    attributes = {attribute["code"]: attribute for attribute in definition["attributes"]}
    assert attributes["visit_date"]["datatype"] == "datetime" and attributes["visit_date"]["required"] is False
    facilities = [value["key"] for value in attributes["facility_code"]["values"]]
    assert "rsud-smart" in facilities and "" not in facilities
    general = json_of(client.get(f"{BASE}/services/madul.waste.json"))
    assert general == {"service_code": "madul.waste", "attributes": []}
    assert_matches_schema("service-definition.json", general)


def test_definition_in_xml_wraps_attributes_and_values(client):
    root = xml_of(client.get(f"{BASE}/services/lorong.jalan.xml"))
    assert root.tag == "service_definition" and root.findtext("service_code") == "lorong.jalan"
    severity = next(a for a in root.findall("attributes/attribute") if a.findtext("code") == "severity")
    assert severity.findtext("required") == "true" and severity.findtext("order") == "4"
    assert [v.findtext("key") for v in severity.findall("values/value")] == ["ringan", "sedang", "berat"]


def test_unknown_and_health_services_are_404_in_the_standard_error_shape(client):
    for code in ("babhar.pregnancy_registration", "lorong.nothing", "nothing"):
        response = client.get(f"{BASE}/services/{code}.json")
        assert response.status_code == 404
        [error] = json_of(response)
        assert error["code"] == 404 and "service_code" in error["description"]
    response = client.get(f"{BASE}/services/babhar.pregnancy_registration.xml")
    root = xml_of(response)
    assert response.status_code == 404 and root.tag == "errors"
    assert root.findtext("error/code") == "404" and "service_code" in root.findtext("error/description")


def test_jurisdiction_id_is_optional_but_a_foreign_one_is_not_found(app, client):
    assert client.get(f"{BASE}/services.json?jurisdiction_id=pamekasankab.go.id").status_code == 200
    assert client.get(f"{BASE}/services.json?jurisdiction_id=").status_code == 200
    response = client.get(f"{BASE}/services.json?jurisdiction_id=sfgov.org")
    assert response.status_code == 404 and "jurisdiction_id" in json_of(response)[0]["description"]
    app.config["OPEN311_JURISDICTION"] = "example.go.id"
    try:
        assert client.get(f"{BASE}/services.json?jurisdiction_id=example.go.id").status_code == 200
    finally:
        del app.config["OPEN311_JURISDICTION"]


def test_unknown_resources_and_formats_answer_in_the_error_shape(client):
    response = client.get(f"{BASE}/services.csv")
    assert response.status_code == 404 and xml_of(response).tag == "errors"
    response = client.get(f"{BASE}/nothing.json")
    assert response.status_code == 404 and json_of(response)[0]["code"] == 404
