from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from preau.common.apis import IdField
from preau.common.fields import SchoolDateField
from preau.common.markdown import render_markdown
from preau.homework.models import Audience, HomeworkStatus
from preau.schools.models import Level
from preau.shared.serializers import PersonRefOutput, TimetableClassroomOutput
from preau.timetable.models import Subject


class AttachmentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    url = serializers.SerializerMethodField()

    def get_url(self, attachment) -> str:
        return reverse("homework:attachment-detail", kwargs={"attachment_id": attachment.pk})


class HomeworkOutput(serializers.Serializer):
    id = serializers.IntegerField()
    classroom_id = serializers.IntegerField()
    subject = serializers.ChoiceField(choices=Subject.choices)
    instructions = serializers.CharField(help_text="Markdown, tel qu'écrit")
    instructions_html = serializers.SerializerMethodField(
        help_text="HTML nettoyé, à afficher tel quel")
    due_date = SchoolDateField()
    estimated_minutes = serializers.IntegerField()
    to_bring_back = serializers.CharField()
    audience = serializers.ChoiceField(choices=Audience.choices)
    levels = serializers.SerializerMethodField()
    pupils = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=HomeworkStatus.choices)
    author = PersonRefOutput()
    attachments = AttachmentOutput(many=True)
    done_count = serializers.IntegerField()
    lesson_id = serializers.IntegerField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def get_instructions_html(self, homework) -> str:
        return render_markdown(homework.instructions)

    def get_levels(self, homework) -> list[str]:
        return sorted(row.level for row in homework.levels.all())

    @extend_schema_field(PersonRefOutput(many=True))
    def get_pupils(self, homework) -> list[dict]:
        return [PersonRefOutput(row.pupil).data for row in homework.targets.all()]


class ChildHomeworkItemOutput(serializers.Serializer):
    homework = HomeworkOutput()
    done = serializers.BooleanField()


class FamilyLessonOutput(serializers.Serializer):
    """A page of the cahier de textes as families read it: what was done, not the
    teacher's draft (``content``) nor the homework ids the page gave."""

    id = serializers.IntegerField()
    classroom_id = serializers.IntegerField()
    date = SchoolDateField()
    subject = serializers.ChoiceField(choices=Subject.choices)
    title = serializers.CharField()
    content_html = serializers.SerializerMethodField(help_text="HTML nettoyé, à afficher tel quel")
    author = PersonRefOutput()
    attachments = AttachmentOutput(many=True)

    def get_content_html(self, lesson) -> str:
        return render_markdown(lesson.content)


class ChildHomeworkOutput(serializers.Serializer):
    pupil = PersonRefOutput()
    classroom = TimetableClassroomOutput()
    level = serializers.ChoiceField(choices=Level.choices)
    items = ChildHomeworkItemOutput(many=True)
    lessons_shown = serializers.BooleanField(
        help_text="L'école montre le cahier de textes aux familles (sinon `lessons` est vide)")
    lessons = FamilyLessonOutput(many=True, help_text="Fait en classe, jusqu'à aujourd'hui")


class HomeworkCreateInput(serializers.Serializer):
    subject = serializers.ChoiceField(choices=Subject.choices)
    instructions = serializers.CharField(max_length=10_000)
    due_date = SchoolDateField()
    estimated_minutes = serializers.IntegerField(min_value=1, max_value=240, default=15)
    to_bring_back = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                          default="")
    audience = serializers.ChoiceField(choices=Audience.choices, default=Audience.CLASSROOM)
    levels = serializers.ListField(child=serializers.ChoiceField(choices=Level.choices),
                                   required=False, max_length=5)
    pupils = serializers.ListField(child=IdField(), required=False, max_length=40)


class HomeworkUpdateInput(serializers.Serializer):
    subject = serializers.ChoiceField(choices=Subject.choices, required=False)
    instructions = serializers.CharField(max_length=10_000, required=False)
    due_date = SchoolDateField(required=False)
    estimated_minutes = serializers.IntegerField(min_value=1, max_value=240, required=False)
    to_bring_back = serializers.CharField(max_length=200, required=False, allow_blank=True)
    audience = serializers.ChoiceField(choices=Audience.choices, required=False)
    levels = serializers.ListField(child=serializers.ChoiceField(choices=Level.choices),
                                   required=False, max_length=5)
    pupils = serializers.ListField(child=IdField(), required=False, max_length=40)


class DoneInput(serializers.Serializer):
    pupil = IdField(help_text="L'élève (soi-même, ou l'un de ses enfants)")
    done = serializers.BooleanField()


class DoneOutput(serializers.Serializer):
    homework_id = serializers.IntegerField()
    pupil = serializers.IntegerField()
    done = serializers.BooleanField()
    done_count = serializers.IntegerField()


class DonePupilOutput(serializers.Serializer):
    pupil = PersonRefOutput()
    done = serializers.BooleanField()
    marked_at = serializers.DateTimeField(allow_null=True)


class HomeworkDoneListOutput(serializers.Serializer):
    homework_id = serializers.IntegerField()
    done_count = serializers.IntegerField()
    pupil_count = serializers.IntegerField()
    pupils = DonePupilOutput(many=True)


class AttachmentUploadInput(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=True)


class LessonOutput(serializers.Serializer):
    id = serializers.IntegerField()
    classroom_id = serializers.IntegerField()
    date = SchoolDateField()
    slot_id = serializers.IntegerField(allow_null=True)
    subject = serializers.ChoiceField(choices=Subject.choices)
    title = serializers.CharField()
    content = serializers.CharField()
    content_html = serializers.SerializerMethodField()
    author = PersonRefOutput()
    attachments = AttachmentOutput(many=True)
    homework_ids = serializers.SerializerMethodField()

    def get_content_html(self, lesson) -> str:
        return render_markdown(lesson.content)

    def get_homework_ids(self, lesson) -> list[int]:
        return [homework.pk for homework in lesson.homework.all()]


class LessonHomeworkInput(serializers.Serializer):
    instructions = serializers.CharField(max_length=10_000)
    due_date = SchoolDateField()
    estimated_minutes = serializers.IntegerField(min_value=1, max_value=240, default=15)
    to_bring_back = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                          default="")
    audience = serializers.ChoiceField(choices=Audience.choices, default=Audience.CLASSROOM)
    levels = serializers.ListField(child=serializers.ChoiceField(choices=Level.choices),
                                   required=False, max_length=5)
    pupils = serializers.ListField(child=IdField(), required=False, max_length=40)


class LessonCreateInput(serializers.Serializer):
    date = SchoolDateField()
    subject = serializers.ChoiceField(choices=Subject.choices)
    title = serializers.CharField(max_length=150)
    content = serializers.CharField(max_length=20_000, required=False, allow_blank=True,
                                    default="")
    slot = IdField(required=False, allow_null=True)
    homework = LessonHomeworkInput(required=False, allow_null=True,
                                   help_text="Le travail donné pendant la séance")


class LessonUpdateInput(serializers.Serializer):
    date = SchoolDateField(required=False)
    subject = serializers.ChoiceField(choices=Subject.choices, required=False)
    title = serializers.CharField(max_length=150, required=False)
    content = serializers.CharField(max_length=20_000, required=False, allow_blank=True)


class WorkloadDayOutput(serializers.Serializer):
    date = SchoolDateField()
    count = serializers.IntegerField()
    minutes = serializers.IntegerField()


class SchoolHomeworkSettingsInput(serializers.Serializer):
    families_see_lessons = serializers.BooleanField(
        help_text="Les familles et les élèves lisent le cahier de textes de la classe")


class SchoolHomeworkSettingsOutput(serializers.Serializer):
    school_id = serializers.IntegerField()
    families_see_lessons = serializers.BooleanField()
