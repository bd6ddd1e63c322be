/** What the tool keeps of an imsmanifest.xml (stored as scorm_package.manifest). */

export type ScormVersion = '1.2' | '2004';

export interface ScormSco {
  /** The item identifier (unique in the manifest): the SCO id in URLs and in scorm_sco_state. */
  id: string;
  resourceId: string;
  title: string;
  /** 'sco' talks to the API; 'asset' is plain content (no tracking). */
  scormType: 'sco' | 'asset';
  /** Launch URL relative to the package root: xml:base chain + href + item parameters. */
  launch: string;
  /** The launch file's path in the package (no query, no fragment, URL-decoded). */
  file: string;
  /** SCORM 1.2 adlcp:masteryscore (0–100). */
  masteryScore?: number;
  /** SCORM 2004 adlcp:completionThreshold (0–1). */
  completionThreshold?: number;
  /** SCORM 2004 primary objective's minNormalizedMeasure when satisfiedByMeasure="true" (−1–1). */
  scaledPassingScore?: number;
  /** adlcp:datafromlms / adlcp:dataFromLMS: launch data for the SCO. */
  launchData?: string;
  /** adlcp:timelimitaction / adlcp:timeLimitAction. */
  timeLimitAction?: string;
  /** adlcp:maxtimeallowed (1.2, CMITimespan). */
  maxTimeAllowed?: string;
}

export interface ScormTocNode {
  /** Item identifier. */
  id: string;
  title: string;
  /** Set when the item is launchable: the id of its ScormSco (= id). */
  scoId?: string;
  children: ScormTocNode[];
}

export interface ScormManifest {
  /** manifest@identifier (the default package key). */
  identifier: string;
  scormVersion: ScormVersion;
  /** metadata/schemaversion as written ("1.2", "CAM 1.3", "2004 3rd Edition", …), or inferred. */
  schemaVersion: string;
  /** The organization's title (else the manifest identifier). */
  title: string;
  organizationId: string;
  /** The organization's item tree, in manifest order. */
  toc: ScormTocNode[];
  /** Launchable items in manifest (= play) order. */
  scos: ScormSco[];
}
