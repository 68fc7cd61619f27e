<#-- Read by scripts/dependency-report.sh: one dependency a line, tab-separated; the script adds scope, path and size. -->
<#list dependencyMap as e>
<#assign p = e.getKey()>
${p.groupId}	${p.artifactId}	${p.version}	${e.getValue()?join(" OR ")}
</#list>
