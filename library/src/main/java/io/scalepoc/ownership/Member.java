package io.scalepoc.ownership;

import java.util.List;

/** A live replica as its member lease describes it, with the jobs whose leases name it as owner. */
public record Member(String instanceId, int tokens, String address, List<String> ownedJobs) {}
