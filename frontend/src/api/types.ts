/**
 * Friendly names for the API types generated from backend/openapi/schema.yaml
 * (`npm run gen:api` → ./generated/schema.d.ts, never edited by hand).
 * Application code imports from here, not from the generated file.
 */
import type { components, paths } from './generated/schema';

export type { components, paths };

type Schemas = components['schemas'];

export type Role = Schemas['RolesEnum'];
export type Level = Schemas['LevelEnum'];
export type Language = Schemas['LanguageEnum'];

export type SchoolRef = Schemas['SchoolRefOutput'];
export type ClassroomRef = Schemas['ClassroomRefOutput'];
export type Person = Schemas['MePersonOutput'];
export type Child = Schemas['MeChildOutput'];
export type Classroom = Schemas['MeClassroomOutput'];
export type School = Schemas['MeSchoolOutput'];
export type AuthorityScope = Schemas['MeAuthorityScopeOutput'];
export type Me = Schemas['MeOutput'];

export type LoginRequest = Schemas['LoginInputRequest'];
export type LoginResult = Schemas['LoginOutput'];
export type LoginSecondFactor = Schemas['LoginSecondFactorOutput'];
export type OtpCodeRequest = Schemas['OtpCodeInputRequest'];
export type OtpStatus = Schemas['OtpStatusOutput'];
export type OtpSetup = Schemas['OtpSetupOutput'];
export type ActivateRequest = Schemas['ActivateInputRequest'];
export type InvitationLettersRequest = Schemas['InvitationLettersInputRequest'];
export type CsrfResponse = Schemas['CsrfOutput'];
export type UserSession = Schemas['UserSessionOutput'];
export type Passkey = Schemas['PasskeyOutput'];
export type PublicKeyOptions = Schemas['PublicKeyOptionsOutput'];
export type SignInMethod = Schemas['SignInMethodEnum'];
export type PasswordResetRequest = Schemas['PasswordResetInputRequest'];
export type PasswordResetConfirmRequest = Schemas['PasswordResetConfirmInputRequest'];
export type ErrorBody = Schemas['ErrorOutput'];

// Schools
export type SchoolDetail = Schemas['SchoolOutput'];
export type ClassroomDetail = Schemas['ClassroomOutput'];

// Timetable. Enums are taken from the fields that use them: drf-spectacular renames an
// enum component when another app declares one with the same name (StatusEnum →
// OccurrenceOutputStatusEnum when homework added its own status).
export type Occurrence = Schemas['OccurrenceOutput'];
export type Subject = Schemas['SlotOutput']['subject'];
export type Weekday = Schemas['SlotOutput']['weekday'];
export type HalfDay = Schemas['DayOutput']['half_days'][number];
export type OccurrenceStatus = Occurrence['status'];
export type ExtraActivityKind = Exclude<Occurrence['activity'], ''>;
export type ExceptionKind = Schemas['ExceptionOutput']['kind'];
export type SchoolEventKind = Schemas['AgendaEventOutput']['kind'];
export type DayOffKind = Schemas['DayOffOutput']['kind'];
export type DayOff = Schemas['DayOffOutput'];
export type TimetableDay = Schemas['DayOutput'];
export type TimetableClassroom = Schemas['TimetableClassroomOutput'];
export type PupilWeek = Schemas['PupilWeekOutput'];
export type ClassroomWeek = Schemas['ClassroomWeekOutput'];
export type TeacherDay = Schemas['TeacherDayOutput'];
export type SchoolCalendar = Schemas['SchoolCalendarOutput'];
export type DefaultDays = Schemas['DefaultDaysOutput'];
export type AgendaEvent = Schemas['AgendaEventOutput'];
export type AgendaEventCreate = Schemas['AgendaEventCreateInputRequest'];
export type Slot = Schemas['SlotOutput'];
export type SlotCreate = Schemas['SlotCreateInputRequest'];
export type SlotUpdate = Schemas['PatchedSlotUpdateInputRequest'];
export type TimetableException = Schemas['ExceptionOutput'];
export type ExceptionCreate = Schemas['ExceptionCreateInputRequest'];
export type Closure = Schemas['ClosureOutput'];
export type ClosureCreate = Schemas['ClosureCreateInputRequest'];
export type CalendarFeed = Schemas['FeedOutput'];
export type CalendarFeedCreated = Schemas['FeedCreatedOutput'];

// Homework and cahier de textes
export type Homework = Schemas['HomeworkOutput'];
export type HomeworkStatus = Homework['status'];
export type HomeworkAudience = Schemas['AudienceEnum'];
export type HomeworkAttachment = Schemas['AttachmentOutput'];
export type ChildHomework = Schemas['ChildHomeworkOutput'];
export type ChildHomeworkItem = Schemas['ChildHomeworkItemOutput'];
export type FamilyLesson = Schemas['FamilyLessonOutput'];
export type SchoolHomeworkSettings = Schemas['SchoolHomeworkSettingsOutput'];
export type HomeworkCreate = Schemas['HomeworkCreateInputRequest'];
// PATCH: every field is optional. openapi-typescript types fields that have a default
// (estimated_minutes, to_bring_back, audience) as required; the server applies no default
// on a partial update, so sending only what changed is right.
export type HomeworkUpdate = Partial<Schemas['PatchedHomeworkUpdateInputRequest']>;
export type HomeworkDoneList = Schemas['HomeworkDoneListOutput'];
export type HomeworkDoneResult = Schemas['DoneOutput'];
export type Lesson = Schemas['LessonOutput'];
export type LessonCreate = Schemas['LessonCreateInputRequest'];
export type LessonHomework = Schemas['LessonHomeworkInputRequest'];
export type WorkloadDay = Schemas['WorkloadDayOutput'];
export type Pupil = Schemas['PupilOutput'];

// Messaging, liaison notes, announcements and polls
export type Recipient = Schemas['RecipientOutput'];
export type RecipientReach = Recipient['reach'];
export type Conversation = Schemas['ConversationOutput'];
export type ConversationParticipant = Schemas['ParticipantOutput'];
export type ConversationCreate = Schemas['ConversationCreateInputRequest'];
export type ConversationCreated = Schemas['ConversationCreateOutput'];
export type Message = Schemas['MessageOutput'];
export type MessageAttachment = Schemas['MessageAttachmentOutput'];
export type ReadMarker = Schemas['ReadMarkerOutput'];
export type UnreadTotals = Schemas['UnreadOutput'];
export type LiaisonNote = Schemas['LiaisonNoteOutput'];
export type LiaisonNoteAudience = Schemas['NoteAudienceEnum'];
export type LiaisonNoteCreate = Schemas['LiaisonNoteCreateInputRequest'];
export type LiaisonNoteAcknowledgement = Schemas['LiaisonNoteAcknowledgementOutput'];
export type LiaisonNoteReminder = Schemas['LiaisonNoteReminderOutput'];
export type Announcement = Schemas['AnnouncementOutput'];
export type AnnouncementCreate = Schemas['AnnouncementCreateInputRequest'];
export type AnnouncementAcknowledgement = Schemas['AnnouncementAcknowledgementOutput'];
export type AudienceScope = Schemas['AudienceScopeEnum'];
export type AudienceCreate = Schemas['AudienceInputRequest'];
export type Poll = Schemas['PollOutput'];
export type PollQuestion = Schemas['PollQuestionOutput'];
export type PollQuestionKind = PollQuestion['kind'];
export type PollCreate = Schemas['PollCreateInputRequest'];
export type PollAnswerItem = Schemas['PollAnswerItemInputRequest'];
export type PollMyAnswer = Schemas['PollMyAnswerOutput'];
export type PollResults = Schemas['PollResultsOutput'];
export type LiveEvent = Schemas['LiveEvent'];
// Attendance (roll call, absences, justifications, register, L131-8 cases)
export type RollCallSheet = Schemas['RollCallSheetOutput'];
export type SheetPupil = Schemas['SheetPupilOutput'];
export type Presence = SheetPupil['presence'];
export type RollCall = Schemas['RollCallOutput'];
export type RollCallMark = Schemas['MarkInputRequest'];
export type Absence = Schemas['AbsenceOutput'];
export type AbsenceKind = Absence['absence_kind'];
export type AbsenceReason = Schemas['AbsenceJustifyInputRequest']['absence_reason'];
export type JustificationStatus = Absence['justification_status'];
export type AbsenceNotice = Schemas['NoticeOutput'];
export type AttendancePreferences = Schemas['AttendancePreferencesOutput'];
export type NoticeCreate = Schemas['NoticeCreateInputRequest'];
export type CallsNotTaken = Schemas['CallsNotTakenOutput'];
export type NotTakenHalfDay = Schemas['NotTakenHalfDayOutput'];
export type RollCallReminder = Schemas['RollCallReminderOutput'];
export type Register = Schemas['RegisterOutput'];
export type RegisterCell = Schemas['RegisterCellOutput'];
export type RegisterSignOff = Schemas['SignOffOutput'];
export type AbsenteeismCase = Schemas['AbsenteeismCaseOutput'];
export type CaseStatus = AbsenteeismCase['case_status'];
export type CaseUpdate = Schemas['PatchedCaseUpdateInputRequest'];
// Imports (ONDE)
export type OndePreview = Schemas['OndePreviewOutput'];
export type OndeSummary = Schemas['OndeSummaryOutput'];
export type OndePupilRow = Schemas['OndePupilOutput'];
export type OndeGuardianRow = Schemas['OndeGuardianOutput'];
export type OndeClassroomRow = Schemas['OndeClassroomOutput'];
export type OndeRejection = Schemas['OndeRejectionOutput'];

// School calendar of a département (the DASEN enters a year the ministry has not published)
export type DepartementHolidays = Schemas['DepartementHolidayCalendarOutput'];
export type ZoneHolidays = Schemas['ZoneHolidayCalendarOutput'];
export type HolidayPeriod = Schemas['HolidayPeriodInputRequest'];
export type DepartementHolidaysInput = Schemas['DepartementHolidaysInputRequest'];

// Livret: periods, programme, level scale, evaluations and their grid
export type Cycle = Schemas['CycleEnum'];
export type LivretPeriods = Schemas['PeriodListOutput'];
export type LivretPeriod = Schemas['PeriodOutput'];
export type Programme = Schemas['ProgrammeOutput'];
export type ProgrammeDomain = Schemas['DomainOutput'];
export type ProgrammeElement = Schemas['ProgrammeElementOutput'];
export type LevelScale = Schemas['LevelScaleOutput'];
export type Evaluation = Schemas['EvaluationOutput'];
export type EvaluationElement = Schemas['EvaluationElementOutput'];
export type EvaluationCreate = Schemas['EvaluationCreateInputRequest'];
export type EvaluationGrid = Schemas['GridOutput'];
export type GridPupil = Schemas['GridPupilOutput'];
export type GridCell = Schemas['GridCellOutput'];
export type GridCellInput = Schemas['GridCellInputRequest'];
export type ChildEvaluation = Schemas['ChildEvaluationOutput'];
export type ChildResult = Schemas['ChildResultOutput'];

// Livret: bilans (periodic and end-of-cycle), the families' view, the authorities' counts
export type PeriodicBilan = Schemas['PeriodicBilanOutput'];
export type BilanState = PeriodicBilan['state'];
export type BilanDomain = Schemas['BilanDomainOutput'];
export type BilanAccompaniment = Schemas['BilanAccompanimentOutput'];
export type Accompaniment = BilanAccompaniment['code'];
export type BilanAcknowledgement = Schemas['BilanAcknowledgementOutput'];
export type BilanUpdate = Schemas['PatchedPeriodicBilanUpdateInputRequest'];
export type FamilyBilans = Schemas['FamilyBilansOutput'];
export type FamilyPeriodicBilan = Schemas['FamilyPeriodicBilanOutput'];
export type FamilyCycleBilan = Schemas['FamilyCycleBilanOutput'];
export type OwnAcknowledgement = Schemas['OwnAcknowledgementOutput'];
export type ClassWorkflowResult = Schemas['ClassWorkflowOutput'];
export type LivretProgressSchool = Schemas['LivretProgressSchoolOutput'];
export type LivretProgressClassroom = Schemas['LivretProgressClassroomOutput'];
export type CycleBilan = Schemas['CycleBilanOutput'];
export type CycleBilanUpdate = Schemas['PatchedCycleBilanUpdateInputRequest'];
export type ClassParcours = Schemas['ClassParcoursOutput'];
export type ParcoursCode = ClassParcours['code'];
export type PeriodsSet = Schemas['PeriodsSetInputRequest'];
export type PeriodScheme = PeriodsSet['scheme'];
export type LevelScaleSet = Schemas['LevelScaleInputRequest'];

// The home page of each role (GET /api/v1/today/)
export type Today = Schemas['TodayOutput'];
export type TodayDay = Schemas['TodayDayOutput'];
export type TodayLesson = Schemas['TodayLessonOutput'];
export type TodayChild = Schemas['TodayChildOutput'];
export type TodayHomework = Schemas['TodayHomeworkOutput'];
export type TodayNote = Schemas['TodayNoteOutput'];
export type TodayAbsence = Schemas['TodayAbsenceOutput'];
export type TodayPupil = Schemas['TodayPupilOutput'];
export type TodayTeacher = Schemas['TodayTeacherOutput'];
export type TodayCall = Schemas['TodayCallOutput'];
export type TodayDirector = Schemas['TodayDirectorOutput'];
export type TodayAuthority = Schemas['TodayAuthorityOutput'];
export type TodayAuthorityWeek = Schemas['TodayWeekOutput'];

// The daily digest by e-mail (notifications)
export type Digest = Schemas['DigestOutput'];
export type DigestInput = Schemas['DigestInputRequest'];
export type DigestCategory = Schemas['CategoriesEnum'];
export type Unsubscribed = Schemas['UnsubscribedOutput'];

// Safety: the evacuation muster, the registre de sécurité and the yearly exercises
export type DrillKind = Schemas['DrillKindEnum'];
export type MusterSummary = Schemas['MusterSummaryOutput'];
export type MusterDetail = Schemas['MusterDetailOutput'];
export type MusterClass = Schemas['MusterClassOutput'];
export type MusterPupil = Schemas['MusterPupilOutput'];
export type MusterMark = Schemas['MusterMarkInputRequest'];
export type MusterStart = Schemas['MusterStartInputRequest'];
export type ExerciseSummary = Schemas['ExerciseSummaryOutput'];
export type ExerciseCount = Schemas['ExerciseCountOutput'];
export type StaffMember = Schemas['StaffMemberOutput'];
export type PushSettings = Schemas['PushSettingsOutput'];
export type PushDevice = Schemas['PushSubscriptionOutput'];
export type PushSubscribeInput = Schemas['PushSubscribeInputRequest'];

// Signing in through an identity provider (EduConnect, an académie's SAML, OpenID Connect)
export type IdentityProvider = Schemas['ProviderOutput'];
export type PendingLink = Schemas['PendingLinkOutput'];
export type LinkRequest = Schemas['LinkInputRequest'];
export type LinkSignedIn = Schemas['SignedInOutput'];
export type LinkedIdentity = Schemas['IdentityOutput'];
export type LinkedHow = Schemas['LinkedHowEnum'];
